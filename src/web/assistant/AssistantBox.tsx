import { Alert, Anchor, Button, Card, Group, List, Stack, Text, Textarea, Title } from '@mantine/core'
import { type FormEvent, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import { ApiError, api } from '../api/client'
import { Loading } from '../components/Loading'
import { currentLanguage } from '../i18n'
import type { Answer } from './api'

/**
 * "Ask the assistant": a question in plain words, answered with the catalog's procedures, each
 * linking to its page. The answer region is announced when it changes (aria-live).
 */
export function AssistantBox() {
  const { t } = useTranslation()
  const titleId = useId()
  const [question, setQuestion] = useState('')
  const [answer, setAnswer] = useState<Answer | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  const onSubmit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      setAnswer(await api.post<Answer>('/assistant/ask', { question, locale: currentLanguage() }))
    } catch (caught) {
      setAnswer(null)
      setError(caught instanceof ApiError ? caught.message : t('assistant.failed'))
    } finally {
      setBusy(false)
    }
  }

  return (
    <Card component="section" aria-labelledby={titleId} withBorder padding="lg" maw={720}>
      <Stack gap="sm">
        <Title order={2} id={titleId} fz="h3">
          {t('assistant.title')}
        </Title>
        <Text fz="sm" c="dimmed">
          {t('assistant.intro')}
        </Text>
        <form onSubmit={onSubmit}>
          <Stack gap="xs">
            <Textarea
              name="question"
              label={t('assistant.questionLabel')}
              placeholder={t('assistant.placeholder')}
              value={question}
              onChange={(event) => setQuestion(event.currentTarget.value)}
              maxLength={1000}
              autosize
              minRows={2}
            />
            <Group>
              <Button type="submit" loading={busy}>
                {t('assistant.ask')}
              </Button>
            </Group>
          </Stack>
        </form>
        <div aria-live="polite" aria-busy={busy}>
          {busy && <Loading inline size="sm" />}
          {error && (
            <Alert color="red" title={t('assistant.errorTitle')}>
              {error}
            </Alert>
          )}
          {answer && !busy && <AnswerView answer={answer} />}
        </div>
      </Stack>
    </Card>
  )
}

function AnswerView({ answer }: { answer: Answer }) {
  const { t } = useTranslation()
  return (
    <Stack gap="sm" data-testid="assistant-answer">
      <Text>{answer.answer}</Text>
      <Text fz="xs" c="dimmed">
        {answer.generatedBy === 'llm'
          ? t('assistant.byModel', { model: answer.model })
          : t('assistant.byRetrieval')}
      </Text>
      {answer.items.length > 0 && (
        <List spacing="sm" listStyleType="none" p={0} aria-label={t('assistant.sources')}>
          {answer.items.map((item) => (
            <List.Item key={item.code}>
              <Stack gap={2}>
                <Anchor component={Link} to={item.url} fw={600}>
                  {item.name}
                </Anchor>
                <Text fz="sm" c="dimmed">
                  {t('assistant.code')}: {item.code} · {t('assistant.timeLimit')}: {item.timeLimit} ·{' '}
                  {t('assistant.fee')}: {item.fee.text}
                </Text>
                <Text fz="sm">
                  {t('assistant.where')}: {item.whereToApply}
                </Text>
                {item.documents.length > 0 && (
                  <Text fz="sm">
                    {t('assistant.documents')}:{' '}
                    {item.documents
                      .map((d) => (d.required ? d.name : `${d.name} (${t('assistant.optional')})`))
                      .join('; ')}
                  </Text>
                )}
              </Stack>
            </List.Item>
          ))}
        </List>
      )}
    </Stack>
  )
}
