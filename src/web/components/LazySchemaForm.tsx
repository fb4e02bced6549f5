import { lazy, Suspense } from 'react'
import { Loading } from './Loading'
import type { SchemaFormProps } from './SchemaForm'

export type { SchemaFormHandle } from './SchemaForm'

const SchemaFormImpl = lazy(() => import('./SchemaForm'))

/** The catalog form, with @rjsf and Ajv loaded only when a form is shown. */
export function SchemaForm(props: SchemaFormProps) {
  return (
    <Suspense fallback={<Loading />}>
      <SchemaFormImpl {...props} />
    </Suspense>
  )
}
