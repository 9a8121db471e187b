/** A bad field's message beside its input (the input points at it with aria-describedby `id`). */
export function FieldError({ message, id }: { message: string | undefined; id: string }) {
  if (!message) return null;
  return (
    <span className="field-error" role="alert" id={id}>
      {message}
    </span>
  );
}
