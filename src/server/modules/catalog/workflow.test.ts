import { describe, expect, it } from 'vitest'
import { workflowById } from '../../country/procedures'
import { AppError } from '../../errors'
import type { Workflow } from './types'
import { allowedActions, dossierStateTable, nextState, statusCodeOf, workflowProblems } from './workflow'

const wf = workflowById('standard') as Workflow
const STATES = dossierStateTable().map((s) => s.status)

function errorOf(fn: () => unknown): AppError {
  try {
    fn()
  } catch (error) {
    if (error instanceof AppError) return error
    throw error
  }
  throw new Error('expected an AppError')
}

describe('the dossier-state table', () => {
  it('holds the ten national states with codes 1 to 10 and names in both languages', () => {
    expect(dossierStateTable().map((s) => [s.status, s.code])).toEqual([
      ['new', 1],
      ['accepted', 2],
      ['not_accepted', 3],
      ['processing', 4],
      ['supplement_requested', 5],
      ['payment_requested', 6],
      ['withdrawn', 7],
      ['stopped', 8],
      ['processed', 9],
      ['returned', 10],
    ])
    for (const s of dossierStateTable()) expect(s.name && s.nameEn).toBeTruthy()
    expect(statusCodeOf('returned')).toBe(10)
    expect(() => statusCodeOf('rejected')).toThrow()
  })
})

describe('the standard workflow', () => {
  it('is sound data: known states and roles, one entry per action, reception has 8 working hours', () => {
    expect(workflowProblems(wf)).toEqual([])
    expect(wf.initial).toBe('new')
    expect(wf.slaHours).toEqual({ new: 8 })
  })

  it.each([
    ['accept', 'new', 'accepted', 2],
    ['refuse', 'new', 'not_accepted', 3],
    ['assign', 'accepted', 'processing', 4],
    ['request_supplement', 'new', 'supplement_requested', 5],
    ['request_supplement', 'accepted', 'supplement_requested', 5],
    ['request_supplement', 'processing', 'supplement_requested', 5],
    ['request_payment', 'accepted', 'payment_requested', 6],
    ['request_payment', 'processing', 'payment_requested', 6],
    ['submit_to_leader', 'processing', 'processing', 4],
    ['stop', 'accepted', 'stopped', 8],
    ['stop', 'processing', 'stopped', 8],
    ['stop', 'supplement_requested', 'stopped', 8],
    ['stop', 'payment_requested', 'stopped', 8],
    ['return_result', 'processed', 'returned', 10],
    ['withdraw', 'new', 'withdrawn', 7],
    ['withdraw', 'accepted', 'withdrawn', 7],
    ['withdraw', 'processing', 'withdrawn', 7],
    ['withdraw', 'supplement_requested', 'withdrawn', 7],
    ['withdraw', 'payment_requested', 'withdrawn', 7],
  ])('%s from %s goes to %s (%i)', (action, from, to, code) => {
    expect(nextState(wf, action, from)).toMatchObject({ to, statusCode: code })
  })

  it('records the decision: approve and reject both end in processed, reject with a refusal', () => {
    const handedOver = { stage: 'awaiting_approval' }
    expect(nextState(wf, 'approve', 'processing', null, undefined, handedOver)).toMatchObject({
      to: 'processed',
      statusCode: 9,
      decision: 'approved',
      stage: null,
    })
    expect(nextState(wf, 'reject', 'processing', null, undefined, handedOver)).toMatchObject({
      to: 'processed',
      decision: 'rejected',
      reasonRequired: true,
    })
    expect(nextState(wf, 'refuse', 'new').reasonRequired).toBe(true)
    expect(nextState(wf, 'accept', 'new').reasonRequired).toBe(false)
  })

  it('a supplement or a payment returns the dossier to the state before the request', () => {
    for (const before of ['new', 'accepted', 'processing']) {
      expect(nextState(wf, 'supplement', 'supplement_requested', before)).toEqual({
        to: before,
        statusCode: statusCodeOf(before),
        reasonRequired: false,
        stage: null,
      })
    }
    for (const before of ['accepted', 'processing']) {
      expect(nextState(wf, 'pay', 'payment_requested', before).to).toBe(before)
    }
  })

  it('refuses to go back without a previous state the workflow could have come from', () => {
    expect(errorOf(() => nextState(wf, 'supplement', 'supplement_requested')).code).toBe(
      'WORKFLOW_NO_PREVIOUS_STATE',
    )
    // Payment is never requested in 'new': it cannot be the state to return to.
    expect(errorOf(() => nextState(wf, 'pay', 'payment_requested', 'new')).statusCode).toBe(409)
    expect(errorOf(() => nextState(wf, 'pay', 'payment_requested', 'payment_requested')).statusCode).toBe(409)
    expect(errorOf(() => nextState(wf, 'supplement', 'supplement_requested', 'returned')).statusCode).toBe(
      409,
    )
  })

  it('every action taken from a state it does not start from is a 409', () => {
    let checked = 0
    for (const step of wf.actions) {
      for (const state of STATES.filter((s) => !step.from.includes(s))) {
        const error = errorOf(() => nextState(wf, step.action, state, 'processing'))
        expect(error.statusCode).toBe(409)
        expect(error.code).toBe('WORKFLOW_TRANSITION_NOT_ALLOWED')
        checked++
      }
    }
    expect(checked).toBeGreaterThan(80)
  })

  it('final states have no way out', () => {
    for (const state of dossierStateTable().filter((s) => s.final)) {
      expect(
        allowedActions(wf, state.status, ['applicant', 'reception', 'specialist', 'leader', 'system']),
      ).toEqual([])
    }
  })

  it('an unknown action is a 409 naming it', () => {
    const error = errorOf(() => nextState(wf, 'teleport', 'new'))
    expect(error).toMatchObject({ statusCode: 409, code: 'WORKFLOW_UNKNOWN_ACTION', field: 'action' })
  })

  it('with roles, only the roles the workflow names may act (403 otherwise)', () => {
    expect(nextState(wf, 'accept', 'new', null, ['reception']).to).toBe('accepted')
    expect(errorOf(() => nextState(wf, 'accept', 'new', null, ['applicant'])).statusCode).toBe(403)
    expect(
      errorOf(() =>
        nextState(wf, 'approve', 'processing', null, ['specialist'], { stage: 'awaiting_approval' }),
      ).statusCode,
    ).toBe(403)
    expect(nextState(wf, 'pay', 'payment_requested', 'processing', ['system']).to).toBe('processing')
  })

  it('lists the actions a role may take in a state', () => {
    expect(allowedActions(wf, 'new', ['reception'])).toEqual(['accept', 'refuse', 'request_supplement'])
    expect(allowedActions(wf, 'new', ['applicant'])).toEqual(['withdraw'])
    expect(allowedActions(wf, 'accepted', ['specialist'])).toEqual([
      'assign',
      'request_supplement',
      'request_payment',
    ])
    expect(allowedActions(wf, 'processing', ['leader'])).toEqual(['stop'])
    expect(allowedActions(wf, 'processing', ['leader'], { stage: 'awaiting_approval' })).toEqual([
      'approve',
      'reject',
      'return_to_specialist',
      'stop',
    ])
    expect(allowedActions(wf, 'processing', ['specialist'], { feeDue: true })).toEqual([
      'request_supplement',
      'request_payment',
      'submit_to_leader',
    ])
    expect(allowedActions(wf, 'processing', ['specialist'], { stage: 'awaiting_approval' })).toEqual([
      'request_supplement',
      'request_payment',
    ])
    expect(allowedActions(wf, 'processed', ['reception', 'specialist'])).toEqual(['return_result'])
    expect(allowedActions(wf, 'supplement_requested', ['applicant'])).toEqual(['supplement', 'withdraw'])
    expect(allowedActions(wf, 'payment_requested', ['system'])).toEqual(['pay'])
    expect(allowedActions(wf, 'new', [])).toEqual([])
  })

  it('allowedActions agrees with nextState for every state and role', () => {
    for (const state of STATES) {
      for (const role of ['applicant', 'reception', 'specialist', 'leader', 'system']) {
        for (const step of wf.actions) {
          const allowed = allowedActions(wf, state, [role]).includes(step.action)
          let ok = true
          try {
            nextState(wf, step.action, state, 'processing', [role])
          } catch (error) {
            ok = (error as AppError).code === 'WORKFLOW_NO_PREVIOUS_STATE'
          }
          expect([state, role, step.action, ok]).toEqual([state, role, step.action, allowed])
        }
      }
    }
  })
})

describe('the hand-over to the leader (stage awaiting_approval inside processing)', () => {
  const handedOver = { stage: 'awaiting_approval' }

  it('the specialist hands over with a note: still processing (4), now awaiting approval', () => {
    expect(nextState(wf, 'submit_to_leader', 'processing', null, ['specialist'])).toEqual({
      to: 'processing',
      statusCode: 4,
      reasonRequired: true,
      stage: 'awaiting_approval',
    })
    expect(errorOf(() => nextState(wf, 'submit_to_leader', 'processing', null, ['leader'])).statusCode).toBe(
      403,
    )
    expect(errorOf(() => nextState(wf, 'submit_to_leader', 'accepted', null, ['specialist'])).code).toBe(
      'WORKFLOW_TRANSITION_NOT_ALLOWED',
    )
  })

  it('a second hand-over, or a decision before the hand-over, is a 409 naming the step', () => {
    const twice = errorOf(() =>
      nextState(wf, 'submit_to_leader', 'processing', null, ['specialist'], handedOver),
    )
    expect(twice).toMatchObject({ statusCode: 409, code: 'WORKFLOW_STAGE_NOT_ALLOWED' })
    expect(twice.text.vi).toContain('Chờ phê duyệt')
    for (const action of ['approve', 'reject', 'return_to_specialist']) {
      const early = errorOf(() => nextState(wf, action, 'processing', null, ['leader']))
      expect(early).toMatchObject({ statusCode: 409, code: 'WORKFLOW_STAGE_NOT_ALLOWED' })
      expect(early.text.vi).toContain('Chờ phê duyệt')
    }
  })

  it('the leader returns it to the specialist with a reason: processing, no stage', () => {
    expect(nextState(wf, 'return_to_specialist', 'processing', null, ['leader'], handedOver)).toEqual({
      to: 'processing',
      statusCode: 4,
      reasonRequired: true,
      stage: null,
    })
  })

  it('any other action ends the stage', () => {
    expect(
      nextState(wf, 'request_supplement', 'processing', null, ['specialist'], handedOver).stage,
    ).toBeNull()
    expect(nextState(wf, 'stop', 'processing', null, ['leader'], handedOver).stage).toBeNull()
  })
})

describe('a payment request where no fee is due', () => {
  it('is neither offered nor allowed on a free dossier (409 NO_FEE_DUE)', () => {
    expect(allowedActions(wf, 'accepted', ['specialist'], { feeDue: false })).not.toContain('request_payment')
    expect(allowedActions(wf, 'accepted', ['specialist'], { feeDue: true })).toContain('request_payment')
    expect(
      errorOf(() => nextState(wf, 'request_payment', 'accepted', null, ['specialist'], { feeDue: false })),
    ).toMatchObject({
      statusCode: 409,
      code: 'NO_FEE_DUE',
    })
  })
})
