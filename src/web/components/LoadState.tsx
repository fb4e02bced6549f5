import { Alert, Stack, Title } from '@mantine/core'
import { ApiError, errorMessage } from '../api/client'
import { NotFoundPage } from '../pages/NotFoundPage'
import { Loading } from './Loading'

/** Whether a failed request means "no such thing" (an unknown or malformed code): the page shows the 404 page. */
export function isNotFound(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 400)
}

/**
 * What a detail page shows instead of its content: the 404 page when the thing does not exist, the page's h1 over
 * the error when loading failed, else a spinner while it loads.
 */
export function LoadState({ title, error }: { title: string; error: unknown }) {
  if (isNotFound(error)) return <NotFoundPage />
  if (error) {
    return (
      <Stack>
        <Title order={1}>{title}</Title>
        <Alert color="red" variant="light">
          {errorMessage(error)}
        </Alert>
      </Stack>
    )
  }
  return <Loading />
}
