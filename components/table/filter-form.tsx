// Filters for a drill-down table: a plain GET form, so filtering works without JavaScript and the
// result is a shareable URL (next/form navigates client-side when JavaScript is there).
import Form from 'next/form';

export type FilterField =
  | { name: string; label: string; type: 'select'; options: { value: string; label: string }[] }
  | { name: string; label: string; type: 'text'; placeholder?: string };

export function FilterForm({ action, fields, values, preserve, resetHref }: { action: string; fields: FilterField[]; values: Record<string, string>; preserve: Record<string, string>; resetHref: string }) {
  const control = 'h-9 rounded-md border border-line bg-surface px-2 text-sm text-ink';
  return (
    <Form action={action} className="flex flex-wrap items-end gap-3" aria-label="Filters">
      {Object.entries(preserve).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      {fields.map((field) => (
        <label key={field.name} className="flex flex-col gap-1">
          <span className="text-xs font-medium text-muted">{field.label}</span>
          {field.type === 'select' ? (
            <select name={field.name} defaultValue={values[field.name] ?? ''} className={control}>
              <option value="">Any</option>
              {field.options.map((option) => (
                <option key={option.value} value={option.value}>{option.label}</option>
              ))}
            </select>
          ) : (
            <input type="search" name={field.name} defaultValue={values[field.name] ?? ''} placeholder={field.placeholder} className={`${control} w-48`} />
          )}
        </label>
      ))}
      <button type="submit" className="h-9 rounded-md border border-line bg-raised px-3 text-sm font-medium hover:border-accent">Filter</button>
      <a href={resetHref} className="link h-9 content-center text-sm">Reset</a>
    </Form>
  );
}
