import type { ConfigIssue, ConsumerConfigInput } from './types.ts';
import type { ConsumerGroup, ConsumerGroupDocument, MemberConfigInput } from '../scenarios/types.ts';
import { isTakenNodeId } from '../scenarios/nodeIds.ts';
import { validateConsumer } from './validate.ts';
import { quote } from '../share/limits.ts';

/**
 * A scenario's consumer groups: each member's consumer settings (its own over `config.consumer`) and its
 * group-membership settings, with Kafka's defaults and rules. The document's shape is checked before
 * (share/scenarioDocument.ts).
 */

export const MAX_MEMBERS = 4;
/** What this slice simulates: one group with members per scenario (its coordinator runs one classic group). */
export const MAX_GROUPS = 1;

/** The broker's bounds on a member's session.timeout.ms (group.min/max.session.timeout.ms): outside, JoinGroup fails. */
const MIN_SESSION_MS = 6000;
const MAX_SESSION_MS = 1800000;

const MEMBER_KEYS = [
  'session.timeout.ms',
  'max.poll.interval.ms',
  'heartbeat.interval.ms',
  'partition.assignment.strategy',
] as const;

/**
 * The assignor the group uses is the first of partition.assignment.strategy that every member lists
 * (Kafka 4.x's default: RangeAssignor, then CooperativeStickyAssignor): only the range assignor, with
 * the eager protocol, is modelled. Anything else first is refused in words.
 */
const RANGE_ASSIGNOR = 'org.apache.kafka.clients.consumer.RangeAssignor';

function strategyIssue(at: string, id: string, value: unknown): ConfigIssue | null {
  if (value === undefined) return null;
  const first = typeof value === 'string' ? value.split(',')[0]?.trim() : undefined;
  if (first === RANGE_ASSIGNOR) return null;
  return {
    key: `${at}.config.partition.assignment.strategy`,
    message: `${at} (${id}): partition.assignment.strategy starts with ${quote(first?.split('.').pop() ?? value)}, which is not modelled: groups here use RangeAssignor (first in Kafka's default list) with the eager protocol; CooperativeStickyAssignor's incremental rebalancing is not modelled yet.`,
  };
}

export type GroupsResult = { ok: true; groups: ConsumerGroup[] } | { ok: false; issues: ConfigIssue[] };

/** A whole number in [min, max], or the issue saying which. */
function whole(
  issues: ConfigIssue[],
  key: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
) {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    issues.push({
      key,
      message: `${key} must be a whole number from ${min} to ${max}, got ${JSON.stringify(value)}.`,
    });
    return fallback;
  }
  return value;
}

export function validateConsumerGroups(
  defaults: ConsumerConfigInput | undefined,
  docs: readonly ConsumerGroupDocument[],
  takenIds: ReadonlySet<string>,
): GroupsResult {
  const issues: ConfigIssue[] = [];
  if (docs.length > MAX_GROUPS)
    issues.push({
      key: 'groups',
      message: `This playground simulates ${MAX_GROUPS} consumer group with members per scenario so far; the document lists ${docs.length}.`,
    });
  const ids = new Set<string>();
  const groups = docs.map((doc, g): ConsumerGroup => {
    const members = doc.members.map((m, i) => {
      const at = `groups[${g}].members[${i}]`;
      if (isTakenNodeId(m.id) || takenIds.has(m.id))
        issues.push({
          key: `${at}.id`,
          message: `${at}.id "${m.id}" is the name of another lifeline; choose another.`,
        });
      else if (ids.has(m.id))
        issues.push({
          key: `${at}.id`,
          message: `${at}.id "${m.id}" is used twice; member ids must be unique.`,
        });
      ids.add(m.id);
      const own: Record<string, unknown> = { ...defaults, ...m.config, 'group.id': doc.id };
      const membership: MemberConfigInput = {};
      for (const key of MEMBER_KEYS) {
        if (own[key] !== undefined) (membership as Record<string, unknown>)[key] = own[key];
        delete own[key];
      }
      const strategy = strategyIssue(at, m.id, membership['partition.assignment.strategy']);
      if (strategy) issues.push(strategy);
      const consumer = validateConsumer(own);
      issues.push(
        ...consumer.issues.map((c) => ({ key: `${at}.config`, message: `${at} (${m.id}): ${c.message}` })),
      );
      const sessionTimeoutMs = whole(
        issues,
        `${at}.config.session.timeout.ms`,
        membership['session.timeout.ms'],
        45000,
        MIN_SESSION_MS,
        MAX_SESSION_MS,
      );
      const heartbeatIntervalMs = whole(
        issues,
        `${at}.config.heartbeat.interval.ms`,
        membership['heartbeat.interval.ms'],
        3000,
        1,
        2147483647,
      );
      // The classic consumer's Heartbeat refuses this in its constructor (IllegalArgumentException).
      if (heartbeatIntervalMs >= sessionTimeoutMs)
        issues.push({
          key: `${at}.config.heartbeat.interval.ms`,
          message: `${at} (${m.id}): Heartbeat must be set lower than the session timeout (heartbeat.interval.ms ${heartbeatIntervalMs} ≥ session.timeout.ms ${sessionTimeoutMs}).`,
        });
      return {
        id: m.id,
        label: m.label ?? m.id,
        config: consumer.config,
        settings: {
          sessionTimeoutMs,
          heartbeatIntervalMs,
          maxPollIntervalMs: whole(
            issues,
            `${at}.config.max.poll.interval.ms`,
            membership['max.poll.interval.ms'],
            300000,
            1,
            2147483647,
          ),
          processingMs: whole(issues, `${at}.processingMs`, m.processingMs, 0, 0, 86400000),
        },
      };
    });
    return { id: doc.id, members, document: doc };
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, groups };
}
