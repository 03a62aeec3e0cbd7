import type { GroupMember, KafkaError, NodeId, PartitionId } from '../kafka/protocol.ts';

/**
 * The membership of one consumer group under the classic protocol (group.protocol=classic, still the
 * default of Kafka 4.x's KafkaConsumer: ConsumerConfig's DEFAULT_GROUP_PROTOCOL is CLASSIC; KIP-848's
 * protocol needs group.protocol=consumer). The group's phase (Empty, PreparingRebalance,
 * CompletingRebalance, Stable: ClassicGroupState) is the coordinator machine's state; this is the data
 * each phase works on, as ClassicGroup holds it.
 */

export interface MemberRecord {
  memberId: string;
  /** The lifeline the member's requests come from, where the coordinator answers. */
  node: NodeId;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  /** When the coordinator last heard from it (JoinGroup, SyncGroup, Heartbeat): its session runs from here. */
  lastHeartbeat: number;
  /** It has sent JoinGroup in the current join phase. */
  joined: boolean;
  /** Its SyncGroup waits for the leader's assignment. */
  awaitingSync: boolean;
}

export interface ClassicGroup {
  groupId: string | null;
  /** 0 before the first rebalance; every completed join phase adds one. */
  generation: number;
  leader: string | null;
  /** In join order: the first member to join leads. */
  members: MemberRecord[];
  assignment: Record<string, PartitionId[]>;
  /** How many member ids the coordinator has handed out, for the next one. */
  issued: number;
  /**
   * group.initial.rebalance.delay.ms (3000): the first join into an Empty group waits this long for
   * more members before the join phase ends (GroupCoordinatorConfig). null: no delay running.
   */
  joinDeadline: number | null;
}

export const INITIAL_REBALANCE_DELAY_MS = 3000;

export const emptyGroup = (): ClassicGroup => ({
  groupId: null,
  generation: 0,
  leader: null,
  members: [],
  assignment: {},
  issued: 0,
  joinDeadline: null,
});

export const memberOf = (g: ClassicGroup, memberId: string) => g.members.find((m) => m.memberId === memberId);

/** A new member id, as the coordinator gives one to a first JoinGroup (Kafka appends a UUID to the client id). */
export const newMemberId = (g: ClassicGroup, node: NodeId) => `${node}-${g.issued + 1}`;

/** Every member has rejoined, and no initial delay is still waiting for more. */
export const allJoined = (g: ClassicGroup) =>
  g.joinDeadline === null && g.members.length > 0 && g.members.every((m) => m.joined);

export const withMember = (g: ClassicGroup, memberId: string, f: (m: MemberRecord) => MemberRecord) => ({
  ...g,
  members: g.members.map((m) => (m.memberId === memberId ? f(m) : m)),
});

export const withoutMember = (g: ClassicGroup, memberId: string): ClassicGroup => {
  const members = g.members.filter((m) => m.memberId !== memberId);
  const assignment = { ...g.assignment };
  delete assignment[memberId];
  return { ...g, members, assignment, leader: g.leader === memberId ? null : g.leader };
};

/**
 * Whether a commit (OffsetCommit, or TxnOffsetCommit with the consumer's group metadata, KIP-447) comes
 * from a member of the current generation: an unknown member id is UNKNOWN_MEMBER_ID, a known one of
 * another generation ILLEGAL_GENERATION (ClassicGroup.validateOffsetCommit). A commit with no member
 * is a standalone consumer's, refused only while the group has members. A member id is checked even
 * when the group is Empty: a member that has left commits nothing there either.
 */
export function commitError(
  g: ClassicGroup,
  groupId: string,
  member: GroupMember | undefined,
): KafkaError | null {
  if (g.groupId !== groupId) return null;
  if (!member) return g.members.length === 0 ? null : 'UNKNOWN_MEMBER_ID';
  if (!memberOf(g, member.memberId)) return 'UNKNOWN_MEMBER_ID';
  return member.generation === g.generation ? null : 'ILLEGAL_GENERATION';
}
