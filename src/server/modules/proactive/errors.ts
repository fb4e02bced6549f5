import { AppError, notFound } from '../../errors'

export const suggestionNotFound = () => notFound({ vi: 'gợi ý', en: 'Suggestion' })

export const suggestionClosed = (status: string) =>
  new AppError(409, 'SUGGESTION_CLOSED', {
    vi: `Gợi ý này đã ${status === 'accepted' ? 'được thực hiện' : status === 'dismissed' ? 'bị bỏ qua' : 'hết hạn'}.`,
    en: `This suggestion has been ${status} already.`,
  })

export const noOneStepFiling = () =>
  new AppError(409, 'NO_ONE_STEP_FILING', {
    vi: 'Gợi ý này không có hồ sơ nộp một bước: hãy nộp từng thủ tục được gợi ý.',
    en: 'This suggestion has no one-step filing: apply for each procedure it names.',
  })
