/** A coded failure on one line, announced to screen readers: the code (for support and tests) and what to do. */
export function CodedError({
  problem,
  testId,
  className = 'banner banner-error',
}: {
  problem: { code: string; message: string } | null;
  testId: string;
  className?: string;
}) {
  if (!problem) return null;
  return (
    <p className={className} role="alert">
      <code data-testid={testId}>{problem.code}</code> {problem.message}
    </p>
  );
}
