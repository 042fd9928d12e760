import { LIMITS } from '@mugharred/protocol';
import { TextField } from './text-field.js';

/** The person's display name, as others will see it. */
export function NameField(props: { value: string; onChange: (value: string) => void; placeholder: string; autoFocus?: boolean }) {
  return (
    <TextField
      label="Your name"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      required
      maxLength={LIMITS.nameMax}
      autoComplete="nickname"
      placeholder={props.placeholder}
      autoFocus={props.autoFocus}
    />
  );
}
