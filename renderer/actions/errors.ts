/**
 * The error an action throws when it refuses a request before writing anything: the request broke
 * a rule of shared/program (the screen shows the same problems from the same rule before calling,
 * so seeing this means a caller skipped that check).
 */
export class ActionRefused extends Error {
  /**
   * @param action the action's name (`registerProduct`, …)
   * @param problems the rule's problem codes, in the rule's order
   */
  constructor(
    readonly action: string,
    readonly problems: readonly string[],
  ) {
    super(`${action} refused: ${problems.join(', ')}`);
    this.name = 'ActionRefused';
  }
}
