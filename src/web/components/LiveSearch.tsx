import { TextInput } from '@mantine/core'

/** A search landmark holding one search field that filters as one types (no submit button). */
export function LiveSearch({
  label,
  placeholder,
  value,
  onChange,
}: {
  label: string
  placeholder: string
  value: string
  onChange: (value: string) => void
}) {
  return (
    <search>
      <form onSubmit={(event) => event.preventDefault()}>
        <TextInput
          type="search"
          name="q"
          label={label}
          placeholder={placeholder}
          value={value}
          onChange={(event) => onChange(event.currentTarget.value)}
          maw={560}
        />
      </form>
    </search>
  )
}
