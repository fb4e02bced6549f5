// The assistant module's public face: questions answered from the catalog, pre-checks of draft
// dossiers, and how often each was used per agency (gov.ai_use).
import type { Db } from '../../db'
import { badRequest } from '../../errors'
import type { Procedure } from '../catalog/service'
import type { Principal } from '../identity/service'
import { generateAnswer, type LlmConfig } from './llm'
import { type Retrieved, retrieve } from './retrieval'
import type { Answer, AnswerItem, AskInput, AssistantFeature, Locale } from './types'
import { recordUse } from './uses'

export type { LlmConfig } from './llm'
export { precheck } from './precheck'
export type { Answer, AnswerItem, AssistantFeature, Precheck, PrecheckIssue } from './types'
export { aiUseCountsByAgency, flushUses, recordUse } from './uses'

/** How many procedures an answer cites at most. */
export const ANSWER_ITEMS = 3

const questionEmpty = () =>
  badRequest(
    'QUESTION_EMPTY',
    {
      vi: 'Hãy nhập câu hỏi, ví dụ: “Con tôi mới sinh, cần làm giấy gì?”',
      en: 'Type a question, for example: "My child was just born, what do I need to do?"',
    },
    'question',
  )

const NUMBERS = { vi: new Intl.NumberFormat('vi-VN'), en: new Intl.NumberFormat('en-US') }
const money = (vnd: number, locale: Locale) =>
  locale === 'vi' ? `${NUMBERS.vi.format(vnd)} đồng` : `${NUMBERS.en.format(vnd)} VND`

const LEVELS: Record<string, Record<Locale, string>> = {
  commune: { vi: 'cấp xã', en: 'commune level' },
  province: { vi: 'cấp tỉnh', en: 'province level' },
  central: { vi: 'trung ương', en: 'central level' },
}

/** What the answer says of one procedure, every fact taken from its version in force. */
export function answerItem(procedure: Procedure, score: number, locale: Locale): AnswerItem {
  const vi = locale === 'vi'
  const fee = procedure.fee
  const note = vi ? fee.note : (fee.noteEn ?? fee.note)
  const base = fee.amountVnd === 0 ? (vi ? 'Miễn phí' : 'Free') : money(fee.amountVnd, locale)
  const online =
    fee.onlineAmountVnd !== undefined && fee.onlineAmountVnd !== fee.amountVnd
      ? vi
        ? ` (nộp trực tuyến: ${money(fee.onlineAmountVnd, locale)})`
        : ` (online: ${money(fee.onlineAmountVnd, locale)})`
      : ''
  const days = procedure.processingDays
  const levels = procedure.agencyLevels.map((l) => LEVELS[l]?.[locale] ?? l).join(', ')
  const fullOnline = procedure.onlineLevel === 'full'
  return {
    code: procedure.code,
    name: vi ? procedure.name : procedure.nameEn,
    url: `/procedures/${procedure.code}`,
    version: procedure.version,
    effectiveFrom: procedure.effectiveFrom,
    score: Math.round(score * 1000) / 1000,
    documents: procedure.documents.map((d) => ({
      id: d.id,
      name: vi ? d.name : d.nameEn,
      required: d.required,
    })),
    fee: {
      amountVnd: fee.amountVnd,
      onlineAmountVnd: fee.onlineAmountVnd ?? null,
      text: `${base}${online}${note ? ` — ${note}` : ''}`,
    },
    processingDays: days,
    timeLimit:
      days === 0
        ? vi
          ? 'Trong ngày'
          : 'The same day'
        : vi
          ? `${days} ngày làm việc`
          : `${days} working day${days === 1 ? '' : 's'}`,
    competentBody: procedure.competentBody,
    agencyLevels: procedure.agencyLevels,
    whereToApply: vi
      ? `${procedure.competentBody} (${levels}); ${fullOnline ? 'nộp trực tuyến toàn trình trên Sen' : 'nộp trực tuyến một phần trên Sen hoặc nộp trực tiếp'}`
      : `${procedure.competentBody} (${levels}); ${fullOnline ? 'fully online on Sen' : 'partly online on Sen, or in person'}`,
    online: fullOnline,
    result: vi ? procedure.resultName : procedure.resultNameEn,
  }
}

function documentsText(item: AnswerItem, locale: Locale): string {
  if (item.documents.length === 0)
    return locale === 'vi' ? 'không cần nộp thêm giấy tờ' : 'no documents to submit'
  return item.documents
    .map((d) => `${d.name}${d.required ? '' : locale === 'vi' ? ' (nếu có)' : ' (if any)'}`)
    .join('; ')
}

/** Sen's own answer: the facts of the best procedure, then the others found. */
function retrievalText(items: AnswerItem[], locale: Locale): string {
  const [first, ...others] = items
  if (!first)
    return locale === 'vi'
      ? 'Chưa tìm thấy thủ tục nào phù hợp với câu hỏi. Hãy hỏi bằng từ khác, ví dụ “đăng ký khai sinh”, “đăng ký thường trú”, hoặc xem danh mục thủ tục.'
      : 'No procedure matches the question. Try other words, e.g. "birth registration", "permanent residence", or browse the catalog.'
  const lines =
    locale === 'vi'
      ? [
          `Thủ tục phù hợp nhất: ${first.name} (mã ${first.code}).`,
          `Nơi nộp: ${first.whereToApply}.`,
          `Thời hạn giải quyết: ${first.timeLimit.toLowerCase()}. Lệ phí: ${first.fee.text}.`,
          `Giấy tờ cần nộp: ${documentsText(first, locale)}. Kết quả: ${first.result}.`,
        ]
      : [
          `Best match: ${first.name} (code ${first.code}).`,
          `Where to apply: ${first.whereToApply}.`,
          `Time limit: ${first.timeLimit.toLowerCase()}. Fee: ${first.fee.text}.`,
          `Documents: ${documentsText(first, locale)}. Result: ${first.result}.`,
        ]
  if (others.length)
    lines.push(
      `${locale === 'vi' ? 'Thủ tục khác có thể liên quan' : 'Other procedures that may apply'}: ${others
        .map((o) => `${o.name} (${locale === 'vi' ? 'mã' : 'code'} ${o.code})`)
        .join('; ')}.`,
    )
  return lines.join(' ')
}

/** The retrieved procedures as the model reads them: numbered, each fact labelled. */
function modelContext(items: AnswerItem[], locale: Locale): string {
  const vi = locale === 'vi'
  return [
    vi ? 'Các thủ tục tìm được trong danh mục:' : 'Procedures found in the catalog:',
    ...items.map((item, i) =>
      [
        `[${i + 1}] ${item.name} — ${vi ? 'mã' : 'code'} ${item.code}`,
        `${vi ? 'Giấy tờ' : 'Documents'}: ${documentsText(item, locale)}`,
        `${vi ? 'Lệ phí' : 'Fee'}: ${item.fee.text}`,
        `${vi ? 'Thời hạn' : 'Time limit'}: ${item.timeLimit}`,
        `${vi ? 'Nơi nộp' : 'Where to apply'}: ${item.whereToApply}`,
        `${vi ? 'Kết quả' : 'Result'}: ${item.result}`,
      ].join('\n'),
    ),
  ].join('\n\n')
}

/**
 * Answers a question in plain words with the procedures of the catalog that fit it, each cited
 * with its documents, fee, time limit and where to apply. Offline; with a model server
 * configured, its text is the model's, written from those procedures only.
 */
export async function ask(
  db: Db,
  principal: Principal | null,
  input: AskInput,
  options: { llm?: LlmConfig } = {},
): Promise<Answer> {
  const question = input.question.trim()
  if (!question) throw questionEmpty()
  const locale = input.locale ?? 'vi'
  const retrieved: Retrieved[] = await retrieve(db, question, ANSWER_ITEMS)
  const items = retrieved.map((r) => answerItem(r.procedure, r.score, locale))
  recordUse(db, principal, 'ask')
  if (items.length > 0 && options.llm) {
    const text = await generateAnswer(options.llm, locale, question, modelContext(items, locale))
    if (text) return { found: true, answer: text, generatedBy: 'llm', model: options.llm.model, items }
  }
  return {
    found: items.length > 0,
    answer: retrievalText(items, locale),
    generatedBy: 'retrieval',
    model: null,
    items,
  }
}
