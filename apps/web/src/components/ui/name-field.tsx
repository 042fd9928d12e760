import { LIMITS } from '@mugharred/protocol/constants';
import { TextField } from './text-field.js';

/** The person's display name, as others will see it. */
export function NameField(props: { value: string; onChange: (value: string) => void; placeholder: string; autoFocus?: boolean }) {
  return (
    <TextField
      label="Your name"
      value={props.value}
      onChange={(e) => props.onChange(e.target.value)}
      required
      // The browser counts UTF-16 units, the server code points (an emoji is 2 here, 1 there): the server decides.
      maxLength={LIMITS.rawNameMax}
      autoComplete="nickname"
      placeholder={props.placeholder}
      autoFocus={props.autoFocus}
    />
  );
}
