// The governance API's shapes, as the server's route schemas answer them (src/server/modules/governance).

export interface AgencyRef {
  id: string
  name: string
  nameEn: string | null
}

export type TaskState = 'in_progress' | 'overdue' | 'completed' | 'evaluated'
export type Evaluation = 'on_time' | 'late' | 'not_done'

export interface Task {
  id: string
  documentNumber: string
  documentDate: string
  documentSigner: string
  issuer: 'government' | 'prime_minister'
  title: string
  lead: AgencyRef
  cooperating: AgencyRef[]
  assigner: AgencyRef
  deadline: string
  originalDeadline: string
  progress: number
  lastReportAt: string | null
  completedOn: string | null
  evaluation: Evaluation | null
  evaluationNote: string | null
  state: TaskState
  tracked: boolean
  createdAt: string
}

export interface TaskDetail extends Task {
  reports: { id: string; progress: number; summary: string; evidence: string | null; reportedAt: string }[]
  extensions: {
    id: string
    requestedDeadline: string
    reason: string
    status: 'pending' | 'granted' | 'refused'
    requestedAt: string
    decidedAt: string | null
    decisionNote: string | null
  }[]
  can: { report: boolean; evaluate: boolean }
}

export interface TasksPage {
  summary: { assigned: number; tracked: number; overdue: number; evaluated: number; onTime: number }
  total: number
  items: Task[]
}
