import { dataOf, errorOf, startWorkforce, type WorkforceUnderTest } from '../../test/workforce-harness';
import { eventually } from '@platform/eventing/testing';
import { businessDay } from '@platform/domain-kit';

const WORKER_FIELDS = `id status name phone stationId branchId waitingFor eligibleItems
  ineligibleItems { itemCode reasons } certificates { id type status validTo } employedSince`;
/** Years ahead of whenever the suite runs: a fixed date would expire the certificate one day. */
const validTo = `${Number(businessDay(new Date()).slice(0, 4)) + 5}-12-31`;

describe('the worker pipeline through GraphQL, on the real servers', () => {
  let wf: WorkforceUnderTest;
  let admin: string;
  let leader: string;

  beforeAll(async () => {
    wf = await startWorkforce();
    admin = await wf.token('admin', 'admin-1');
    leader = await wf.token('station_leader', 'leader-xh', { branch: 'sh', station: 'sh-xuhui' });
    const setup = [
      `mutation { openBranch(input: { id: "sh", name: { zh: "上海", en: "Shanghai" }, city: "shanghai", businessUnits: [home_cleaning] }) { id } }`,
      `mutation { openStation(input: { id: "sh-xuhui", branchId: "sh", name: { zh: "徐汇站", en: "Xuhui" }, leaderId: "leader-xh", districts: ["xuhui"] }) { id } }`,
      `mutation { openStation(input: { id: "sh-pudong", branchId: "sh", name: { zh: "浦东站", en: "Pudong" }, leaderId: "leader-pd", districts: ["pudong"] }) { id } }`,
      `mutation { defineCourse(input: { code: "HK-101", name: { zh: "家政基础", en: "Basics" }, hours: 16 }) { courses { code } } }`,
      `mutation { defineExam(input: { code: "HK-EXAM", name: { zh: "家政考核", en: "Exam" }, theoryPassMark: 60, practicalPassMark: 70 }) { exams { code } } }`,
      `mutation { setItemRequirements(input: { itemCode: "HC-DEEP-6H", certificates: [housekeeping], courses: ["HK-101"], exams: ["HK-EXAM"] }) { items { itemCode } } }`,
    ];
    for (const mutation of setup) dataOf(await wf.graphql(admin, mutation));
  });
  afterAll(() => wf?.close());

  async function apply(stationId = 'sh-xuhui') {
    const { applyAsWorker } = dataOf(
      await wf.graphql(
        leader,
        `mutation($input: ApplicationInput!) { applyAsWorker(input: $input) { ${WORKER_FIELDS} } }`,
        {
          input: {
            name: '王芳',
            phone: '13812345678',
            birthday: '1985-11-23',
            stationId,
            jobTypes: ['housekeeping'],
            languages: ['zh'],
            experienceYears: 6,
            homeLocation: { lat: 31.17, lng: 121.42 },
            serviceAreas: ['xuhui'],
          },
        },
      ),
    );
    return applyAsWorker;
  }

  it('takes an applicant through vetting, training and exams to eligibility, with a suspension and reinstatement', async () => {
    const applicant = await apply();
    expect(applicant).toMatchObject({
      status: 'applicant',
      name: '王芳',
      branchId: 'sh',
      waitingFor: ['background_check', 'certificate', 'reference'],
    });
    const id = applicant.id;
    const run = async (mutation: string, variables: Record<string, unknown> = {}) =>
      dataOf(await wf.graphql(leader, mutation, { id, ...variables }));

    const activateTooEarly = errorOf(
      await wf.graphql(leader, `mutation($id: ID!) { activateWorker(workerId: $id) { id } }`, { id }),
    );
    expect(activateTooEarly.code).toBe('VETTING_INCOMPLETE');
    expect(activateTooEarly.message).toContain('a background check');

    const submitted = await run(
      `mutation($id: ID!) { submitCertificate(workerId: $id, input: { type: housekeeping, number: "HK-1", issuer: "Shanghai HSA", validFrom: "2024-01-01", validTo: "${validTo}" }) { ${WORKER_FIELDS} } }`,
    );
    const certificateId = submitted.submitCertificate.certificates[0].id;
    await run(`mutation($id: ID!, $c: ID!) { verifyCertificate(workerId: $id, certificateId: $c) { id } }`, {
      c: certificateId,
    });
    await run(
      `mutation($id: ID!) { recordReference(workerId: $id, input: { employer: "Jinjiang", outcome: positive }) { id } }`,
    );
    const callback = await wf.screeningCallback({ workerId: id, reportId: 'rpt-1', result: 'clear' });
    expect(callback).toEqual({ status: 200, body: { workerId: id, reportId: 'rpt-1', recorded: true } });
    expect(
      (await wf.screeningCallback({ workerId: id, reportId: 'rpt-1', result: 'clear' })).body.recorded,
    ).toBe(false);

    const { activateWorker } = await run(
      `mutation($id: ID!) { activateWorker(workerId: $id) { ${WORKER_FIELDS} } }`,
    );
    expect(activateWorker.status).toBe('active');
    expect(activateWorker.ineligibleItems).toEqual([
      { itemCode: 'HC-DEEP-6H', reasons: ['course_missing', 'exam_missing'] },
    ]);
    expect(activateWorker.waitingFor).toEqual(['training', 'exam']);

    await run(`mutation($id: ID!) { completeCourse(workerId: $id, courseCode: "HK-101") { id } }`);
    await run(
      `mutation($id: ID!) { recordExam(workerId: $id, examCode: "HK-EXAM", kind: theory, score: 80) { id } }`,
    );
    const failed = await run(
      `mutation($id: ID!) { recordExam(workerId: $id, examCode: "HK-EXAM", kind: practical, score: 65) { ${WORKER_FIELDS} } }`,
    );
    expect(failed.recordExam.ineligibleItems).toEqual([{ itemCode: 'HC-DEEP-6H', reasons: ['exam_failed'] }]);
    const retake = await run(
      `mutation($id: ID!) { recordExam(workerId: $id, examCode: "HK-EXAM", kind: practical, score: 88) { ${WORKER_FIELDS} } }`,
    );
    expect(retake.recordExam.eligibleItems).toEqual(['HC-DEEP-6H']);
    const scores = dataOf(
      await wf.graphql(await wf.token('worker', id), `{ me { exams { examCode theory theoryScore practical practicalScore } } }`),
    );
    expect(scores.me.exams).toEqual([
      { examCode: 'HK-EXAM', theory: 'passed', theoryScore: 80, practical: 'passed', practicalScore: 88 },
    ]);

    const suspended = await run(
      `mutation($id: ID!) { suspendWorker(workerId: $id, reason: "complaint under review") { ${WORKER_FIELDS} } }`,
    );
    expect(suspended.suspendWorker).toMatchObject({ status: 'suspended', eligibleItems: [] });
    const reinstated = await run(
      `mutation($id: ID!) { reinstateWorker(workerId: $id, reason: "complaint found unjustified") { ${WORKER_FIELDS} } }`,
    );
    expect(reinstated.reinstateWorker).toMatchObject({ status: 'active', eligibleItems: ['HC-DEEP-6H'] });

    // The pipeline board (a read model) catches up with the stream.
    await eventually('the worker on the board as active and eligible', async () => {
      const { pipelineBoard } = dataOf(
        await wf.graphql(
          leader,
          `{ pipelineBoard(filter: { search: "王芳", status: active }) { total workers { id eligibleItems } } }`,
        ),
      );
      return pipelineBoard.workers.some(
        (w: { id: string; eligibleItems: string[] }) => w.id === id && w.eligibleItems.length === 1,
      );
    });
  });

  it('answers bad input with the field and reason, and stores nothing', async () => {
    const bad = errorOf(
      await wf.graphql(
        leader,
        `mutation($input: ApplicationInput!) { applyAsWorker(input: $input) { id } }`,
        {
          input: {
            name: '李',
            phone: '12345',
            birthday: '1985-02-30',
            stationId: 'sh-xuhui',
            jobTypes: ['housekeeping'],
            languages: ['zh'],
            experienceYears: 1,
            homeLocation: { lat: 31.1, lng: 121.4 },
            serviceAreas: ['xuhui'],
          },
        },
      ),
    );
    expect(bad.code).toBe('BAD_USER_INPUT');
    expect(bad.problems.map((p: { field: string }) => p.field)).toEqual(['input.phone', 'input.birthday']);
  });

  it('refuses a NUL character in any argument or variable, naming where, before anything runs', async () => {
    // PostgreSQL cannot store U+0000: without the check this was an internal error from the event store.
    const literal = errorOf(
      await wf.graphql(admin, `mutation { suspendWorker(workerId: "w-1", reason: "late\\u0000") { id } }`),
    );
    expect(literal).toMatchObject({ code: 'BAD_USER_INPUT', field: 'reason' });
    const variable = errorOf(
      await wf.graphql(
        admin,
        `mutation($why: String!) { suspendWorker(workerId: "w-1", reason: $why) { id } }`,
        {
          why: 'late\u0000',
        },
      ),
    );
    expect(variable).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'why',
      reason: 'must not contain the NUL character (U+0000)',
    });
  });

  it('keeps each station leader to their own station, and a worker to themselves', async () => {
    const applicant = await apply();
    const otherLeader = await wf.token('station_leader', 'leader-pd', { branch: 'sh', station: 'sh-pudong' });
    const hidden = await wf.graphql(otherLeader, `query($id: ID!) { worker(id: $id) { id } }`, {
      id: applicant.id,
    });
    expect(hidden.data?.worker).toBeNull();
    const refused = errorOf(
      await wf.graphql(
        otherLeader,
        `mutation($id: ID!) { suspendWorker(workerId: $id, reason: "x") { id } }`,
        { id: applicant.id },
      ),
    );
    expect(refused.code).toBe('NOT_FOUND');
    const self = await wf.token('worker', applicant.id);
    expect(dataOf(await wf.graphql(self, `{ me { id name status } }`)).me).toEqual({
      id: applicant.id,
      name: '王芳',
      status: 'applicant',
    });
    const noActivation = errorOf(
      await wf.graphql(self, `mutation($id: ID!) { activateWorker(workerId: $id) { id } }`, {
        id: applicant.id,
      }),
    );
    expect(noActivation.code).toBe('FORBIDDEN');
    expect(errorOf(await wf.graphql(undefined, `{ branches { id } }`)).code).toBe('UNAUTHENTICATED');
  });

  it('recognises a retried mutation by its Idempotency-Key instead of refusing or repeating it', async () => {
    const input = {
      name: '刘敏',
      phone: '13800002222',
      birthday: '1990-02-02',
      stationId: 'sh-xuhui',
      jobTypes: ['housekeeping'],
      languages: ['zh'],
      experienceYears: 1,
      homeLocation: { lat: 31.17, lng: 121.42 },
      serviceAreas: ['xuhui'],
    };
    const apply = `mutation($input: ApplicationInput!) { applyAsWorker(input: $input) { id status } }`;
    const first = dataOf(await wf.graphql(leader, apply, { input }, { 'idempotency-key': 'apply-liu-1' }));
    const again = dataOf(await wf.graphql(leader, apply, { input }, { 'idempotency-key': 'apply-liu-1' }));
    expect(again.applyAsWorker).toEqual(first.applyAsWorker);
    const id = first.applyAsWorker.id;
    const leave = `mutation($id: ID!) { recordLeave(workerId: $id, input: { kind: sick, from: "2026-12-01", to: "2026-12-02" }) { leaves { id from to } } }`;
    const recorded = dataOf(await wf.graphql(leader, leave, { id }, { 'idempotency-key': 'sick-1' }));
    const retried = dataOf(await wf.graphql(leader, leave, { id }, { 'idempotency-key': 'sick-1' }));
    expect(retried.recordLeave.leaves).toEqual(recorded.recordLeave.leaves);
    expect(recorded.recordLeave.leaves).toHaveLength(1);
  });

  it("keeps a worker's birthday and background check to those who run their file", async () => {
    const applicant = await apply();
    const dispatcher = await wf.token('dispatcher', 'disp-1', { branch: 'sh' });
    const query = `query($id: ID!) { worker(id: $id) { name phone birthday backgroundCheck } }`;
    expect(dataOf(await wf.graphql(dispatcher, query, { id: applicant.id })).worker).toEqual({
      name: '王芳',
      phone: '13812345678',
      birthday: null,
      backgroundCheck: null,
    });
    expect(dataOf(await wf.graphql(leader, query, { id: applicant.id })).worker.birthday).toBe('1985-11-23');
    const finance = await wf.token('finance', 'fin-1');
    expect(dataOf(await wf.graphql(finance, query, { id: applicant.id })).worker).toBeNull();
  });
  it('tells the worker why a certificate was rejected, and refuses a rejection without a reason', async () => {
    const applicant = await apply();
    const id = applicant.id;
    const submitted = dataOf(
      await wf.graphql(
        leader,
        `mutation($id: ID!) { submitCertificate(workerId: $id, input: { type: housekeeping, number: "HK-9", issuer: "Shanghai HSA", validFrom: "2024-01-01", validTo: "${validTo}" }) { certificates { id } } }`,
        { id },
      ),
    );
    const c = submitted.submitCertificate.certificates[0].id;
    const reject = `mutation($id: ID!, $c: ID!, $reason: String!) { rejectCertificate(workerId: $id, certificateId: $c, reason: $reason) { certificates { id status rejectionReason } } }`;
    const empty = errorOf(await wf.graphql(leader, reject, { id, c, reason: '' }));
    expect(empty.code).toBe('BAD_USER_INPUT');
    expect(empty.problems.map((p: { field: string }) => p.field.split('.').pop())).toEqual(['reason']);

    const rejected = dataOf(await wf.graphql(leader, reject, { id, c, reason: '证书编号与发证机关记录不符' }));
    expect(rejected.rejectCertificate.certificates).toEqual([
      { id: c, status: 'rejected', rejectionReason: '证书编号与发证机关记录不符' },
    ]);
    const self = await wf.token('worker', id);
    const mine = dataOf(await wf.graphql(self, `{ me { certificates { status rejectionReason } } }`));
    expect(mine.me.certificates).toEqual([{ status: 'rejected', rejectionReason: '证书编号与发证机关记录不符' }]);
    // Like the suspension reason, not for a dispatcher of the branch.
    const dispatcher = await wf.token('dispatcher', 'disp-2', { branch: 'sh' });
    const seen = dataOf(
      await wf.graphql(dispatcher, `query($id: ID!) { worker(id: $id) { certificates { rejectionReason } } }`, { id }),
    );
    expect(seen.worker.certificates).toEqual([{ rejectionReason: null }]);
  });
});
