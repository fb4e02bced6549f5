// The assistant API's shapes, as the server's route schemas answer them (src/server/modules/assistant).

export interface AnswerItem {
  code: string
  name: string
  url: string
  version: number
  effectiveFrom: string
  score: number
  documents: { id: string; name: string; required: boolean }[]
  fee: { amountVnd: number; onlineAmountVnd: number | null; text: string }
  processingDays: number
  timeLimit: string
  competentBody: string
  agencyLevels: string[]
  whereToApply: string
  online: boolean
  result: string
}

export interface Answer {
  found: boolean
  answer: string
  generatedBy: 'retrieval' | 'llm'
  model: string | null
  items: AnswerItem[]
}
