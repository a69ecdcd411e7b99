/**
 * The list of what keeps a form from being saved, in the error style (one item per problem, already
 * worded in the user's language); renders nothing when `problems` is empty. The caller decides when
 * to show it (usually after the first attempt to save) and puts it in its `aria-live` region.
 */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="error-text">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}
