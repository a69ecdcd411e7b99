import { describe, expect, it } from 'vitest';
import { organisationActions } from '../../../shared/program/organisation';
import { organisationStatuses } from '../../../shared/schemas/organisations';

describe('organisation actions per status', () => {
  it('offers sign-up only to a validated account, gear registration to any but a rejected one, resubmission only after a rejection', () => {
    expect(Object.fromEntries(organisationStatuses.map((s) => [s, organisationActions(s)]))).toEqual({
      draft: { registerGear: true, signUp: false, resubmit: false },
      'pending-validation': { registerGear: true, signUp: false, resubmit: false },
      validated: { registerGear: true, signUp: true, resubmit: false },
      rejected: { registerGear: false, signUp: false, resubmit: true },
    });
  });
});
