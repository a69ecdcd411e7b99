/**
 * What each role may do in the program, so the app offers only what the server will accept
 * (the server's own checks: server/push.ts, server/scope.ts, server/routes-admin.ts).
 *
 * - dealer: opens business accounts for the customers it serves, registers their gear, requests
 *   memberships for them;
 * - studio manager: keeps its own organisation's gear and membership; it cannot open business
 *   accounts (its organisation exists already);
 * - back office: everything, for every dealer.
 */

/** The roles of the program's users (shared/sync/protocol.ts `UserRole`). */
export type ProgramRole = 'dealer' | 'studio-manager' | 'back-office';

/**
 * Whether `role` may open a new business account. `null` (nobody signed in on this computer
 * yet) may prepare one offline; the server decides once someone signs in.
 */
export function mayCreateOrganisation(role: ProgramRole | null): boolean {
  return role !== 'studio-manager';
}
