import type { Static } from 'typebox'
import type {
  AgreementBody,
  AgreementSchema,
  ConsentBody,
  ConsentSchema,
  GrantBody,
  GrantSchema,
  MemberBody,
  MemberSchema,
  ServiceBody,
  ServiceSchema,
  SubsystemBody,
  SubsystemSchema,
  SystemBody,
  SystemSchema,
  TrackedReadSchema,
} from './routes.schema'

export type MemberInput = Static<typeof MemberBody>
export type MemberView = Static<typeof MemberSchema>
export type SystemInput = Static<typeof SystemBody>
export type SystemView = Static<typeof SystemSchema>
export type SubsystemInput = Static<typeof SubsystemBody>
export type SubsystemView = Static<typeof SubsystemSchema>
export type ServiceInput = Static<typeof ServiceBody>
export type ServiceView = Static<typeof ServiceSchema>
export type GrantInput = Static<typeof GrantBody>
export type GrantView = Static<typeof GrantSchema>
export type AgreementInput = Static<typeof AgreementBody>
export type AgreementView = Static<typeof AgreementSchema>
export type ConsentInput = Static<typeof ConsentBody>
export type ConsentView = Static<typeof ConsentSchema>
export type TrackedRead = Static<typeof TrackedReadSchema>
