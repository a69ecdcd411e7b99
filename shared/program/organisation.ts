/**
 * What can be done with an organisation in each status (docs/program.md#business-account): the
 * screens offer only these actions, so a user never starts something the program will refuse.
 *
 * - Gear registration needs an account that is not rejected: a dealer registers a new customer's
 *   gear at the counter while the account is drafted or awaits validation (points are assigned
 *   on the server either way), but a rejected account registers nothing until submitted again.
 * - Membership sign-up needs a validated account (the server keeps any earlier request waiting).
 * - Correcting the details and submitting again is the way out of `rejected`.
 */
import type { OrganisationStatus } from '../schemas/organisations';

/** The actions the screens offer for an organisation. */
export interface OrganisationActions {
  registerGear: boolean;
  signUp: boolean;
  resubmit: boolean;
}

/** The actions allowed for an organisation in `status` (see module doc). */
export function organisationActions(status: OrganisationStatus): OrganisationActions {
  return {
    registerGear: status !== 'rejected',
    signUp: status === 'validated',
    resubmit: status === 'rejected',
  };
}
