import { Inject, Injectable } from '@nestjs/common';
import type { BusinessUnit, CertificateType, Feature } from '@platform/contracts';
import type { CommandMetadata } from '@platform/eventing';
import { CommandRunner } from '@platform/service-kit';
import { v5 as uuidv5 } from 'uuid';
import {
  branchDecider,
  branchStream,
  stationDecider,
  stationStream,
} from '../organisation/organisation.decider';
import {
  TRAINING_CATALOGUE_STREAM,
  trainingCatalogueDecider,
  type TrainingCommand,
} from '../training/training-catalogue.decider';
import { WorkerCommands, type WorkerRequest } from '../worker/worker-commands';
import { businessDay } from '@platform/domain-kit';

const NAMESPACE = '0d8f3c6e-5b1a-4e8d-9c2f-7a6b5d4e3c21';
const meta = (commandId: string, at = new Date()): CommandMetadata => ({
  commandId: `demo:${commandId}`,
  correlationId: 'demo-data',
  causationId: null,
  actor: { kind: 'system', id: 'demo-data' },
  at,
});

const branches = [
  {
    branchId: 'shanghai',
    name: { zh: '上海分公司', en: 'Shanghai' },
    city: 'shanghai',
    businessUnits: ['home_cleaning', 'after_sales'] as BusinessUnit[],
  },
  {
    branchId: 'beijing',
    name: { zh: '北京分公司', en: 'Beijing' },
    city: 'beijing',
    businessUnits: ['home_cleaning'] as BusinessUnit[],
  },
];
export const demoStations = [
  {
    stationId: 'sh-xuhui',
    branchId: 'shanghai',
    name: { zh: '徐汇天林站', en: 'Xuhui Tianlin' },
    leaderId: 'leader-sh-xuhui',
    districts: ['xuhui', 'minhang'],
  },
  {
    stationId: 'sh-pudong',
    branchId: 'shanghai',
    name: { zh: '浦东陆家嘴站', en: 'Pudong Lujiazui' },
    leaderId: 'leader-sh-pudong',
    districts: ['pudong'],
  },
  {
    stationId: 'sh-jingan',
    branchId: 'shanghai',
    name: { zh: '静安寺站', en: "Jing'an Temple" },
    leaderId: 'leader-sh-jingan',
    districts: ['jingan', 'huangpu'],
  },
  {
    stationId: 'bj-chaoyang',
    branchId: 'beijing',
    name: { zh: '朝阳望京站', en: 'Chaoyang Wangjing' },
    leaderId: 'leader-bj-chaoyang',
    districts: ['chaoyang'],
  },
  {
    stationId: 'bj-haidian',
    branchId: 'beijing',
    name: { zh: '海淀中关村站', en: 'Haidian Zhongguancun' },
    leaderId: 'leader-bj-haidian',
    districts: ['haidian'],
  },
  {
    stationId: 'bj-dongcheng',
    branchId: 'beijing',
    name: { zh: '东城东直门站', en: 'Dongcheng Dongzhimen' },
    leaderId: 'leader-bj-dongcheng',
    districts: ['dongcheng', 'xicheng'],
  },
];
const switches: {
  branchId: string;
  businessUnit: BusinessUnit | 'all';
  feature: Feature;
  enabled: boolean;
}[] = [
  { branchId: 'shanghai', businessUnit: 'all', feature: 'recognition_messages', enabled: true },
  { branchId: 'shanghai', businessUnit: 'home_cleaning', feature: 'auto_dispatch', enabled: true },
  { branchId: 'shanghai', businessUnit: 'home_cleaning', feature: 'yearly_packages', enabled: true },
  { branchId: 'shanghai', businessUnit: 'after_sales', feature: 'auto_dispatch', enabled: false },
  { branchId: 'beijing', businessUnit: 'all', feature: 'recognition_messages', enabled: true },
  { branchId: 'beijing', businessUnit: 'home_cleaning', feature: 'tipping', enabled: true },
];
const training: TrainingCommand[] = [
  {
    type: 'DefineCourse',
    courseCode: 'HK-101',
    name: { zh: '家政服务基础', en: 'Housekeeping basics' },
    hours: 16,
  },
  { type: 'DefineCourse', courseCode: 'MC-201', name: { zh: '母婴护理', en: 'Maternity care' }, hours: 40 },
  {
    type: 'DefineCourse',
    courseCode: 'AS-110',
    name: { zh: '定制家具安装', en: 'Fitted furniture installation' },
    hours: 24,
  },
  {
    type: 'DefineExam',
    examCode: 'HK-EXAM',
    name: { zh: '家政考核', en: 'Housekeeping exam' },
    theoryPassMark: 60,
    practicalPassMark: 70,
  },
  {
    type: 'DefineExam',
    examCode: 'MC-EXAM',
    name: { zh: '母婴护理考核', en: 'Maternity care exam' },
    theoryPassMark: 70,
    practicalPassMark: 80,
  },
  {
    type: 'DefineExam',
    examCode: 'AS-EXAM',
    name: { zh: '安装考核', en: 'Installation exam' },
    theoryPassMark: 60,
    practicalPassMark: 75,
  },
  {
    type: 'SetItemRequirements',
    itemCode: 'HC-DAILY-3H',
    certificates: ['housekeeping'],
    courses: ['HK-101'],
    exams: [],
  },
  {
    type: 'SetItemRequirements',
    itemCode: 'HC-DEEP-6H',
    certificates: ['housekeeping'],
    courses: ['HK-101'],
    exams: ['HK-EXAM'],
  },
  {
    type: 'SetItemRequirements',
    itemCode: 'HC-MATERNITY-26D',
    certificates: ['maternity_care'],
    courses: ['MC-201'],
    exams: ['MC-EXAM'],
  },
  {
    type: 'SetItemRequirements',
    itemCode: 'AS-INSTALL-WARDROBE',
    certificates: ['other'],
    courses: ['AS-110'],
    exams: ['AS-EXAM'],
  },
];

const surnames = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡'];
const given = [
  '芳',
  '秀英',
  '丽',
  '敏',
  '静',
  '桂英',
  '玉兰',
  '强',
  '军',
  '磊',
  '娟',
  '霞',
  '海燕',
  '建华',
  '红梅',
];
/** The stages demo workers are spread over, so the pipeline board has something in every column. */
const stages = [
  'applied',
  'checked',
  'certificate',
  'verified',
  'active',
  'trained',
  'examined',
  'suspended',
  'left',
] as const;

/**
 * Demo data: 2 branches, 6 stations, a training catalogue, feature switches and 300 workers at
 * every stage of the pipeline. Every id and command id is fixed, so seeding twice changes nothing.
 */
@Injectable()
export class DemoData {
  constructor(
    @Inject(CommandRunner) private readonly commands: CommandRunner,
    @Inject(WorkerCommands) private readonly workers: WorkerCommands,
  ) {}

  async seed(log: (line: string) => void = () => {}, workerCount = 300) {
    for (const branch of branches) {
      await this.commands.run(
        branchDecider,
        branchStream(branch.branchId),
        { type: 'OpenBranch', ...branch },
        meta(`branch:${branch.branchId}`),
      );
    }
    for (const s of switches) {
      await this.commands.run(
        branchDecider,
        branchStream(s.branchId),
        { type: 'SwitchFeature', ...s, reason: 'demo: rolled out with the pilot' },
        meta(`switch:${s.branchId}:${s.businessUnit}:${s.feature}`),
      );
    }
    for (const station of demoStations) {
      const branch = await this.commands.load(branchDecider, branchStream(station.branchId));
      await this.commands.run(
        stationDecider,
        stationStream(station.stationId),
        { type: 'OpenStation', ...station, branch },
        meta(`station:${station.stationId}`),
      );
    }
    for (const command of training) {
      await this.commands.run(
        trainingCatalogueDecider,
        TRAINING_CATALOGUE_STREAM,
        command,
        meta(`training:${JSON.stringify(command)}`),
      );
    }
    log('organisation, feature switches and training catalogue ready');
    let next = 0;
    const run = async () => {
      for (let i = next++; i < workerCount; i = next++) {
        await this.seedWorker(i);
        if ((i + 1) % 50 === 0) log(`${i + 1}/${workerCount} workers`);
      }
    };
    await Promise.all(Array.from({ length: 6 }, run));
    return { branches: branches.length, stations: demoStations.length, workers: workerCount };
  }

  private async seedWorker(i: number): Promise<void> {
    const workerId = `w-demo-${String(i + 1).padStart(3, '0')}`;
    const station = demoStations[i % demoStations.length]!;
    // Each station gets every stage: the stage advances once per round of stations.
    const stage = stages[Math.floor(i / demoStations.length) % stages.length]!;
    const maternity = i % 5 === 0;
    const installer = station.branchId === 'shanghai' && i % 7 === 0;
    const certificateType: CertificateType = installer
      ? 'other'
      : maternity
        ? 'maternity_care'
        : 'housekeeping';
    // A worker seeded by an earlier start is left as it is (its steps are not all repeatable: a
    // passed exam part cannot be taken again).
    if ((await this.workers.load(workerId)).status !== 'none') return;
    const today = new Date();
    const birthday = `${1970 + (i % 30)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`;
    await this.workers.apply(
      {
        workerId,
        name: `${surnames[i % surnames.length]}${given[(i * 7) % given.length]}`,
        phone: `13${String(800000000 + i * 7919).slice(0, 9)}`,
        birthday,
        stationId: station.stationId,
        jobTypes: installer
          ? ['installation']
          : maternity
            ? ['maternity_care', 'housekeeping']
            : ['housekeeping'],
        languages: i % 4 === 0 ? ['zh', 'en'] : ['zh'],
        experienceYears: i % 15,
        homeLocation:
          station.branchId === 'shanghai'
            ? { lat: 31.2 + (i % 10) / 100, lng: 121.44 + (i % 9) / 100 }
            : { lat: 39.9 + (i % 10) / 100, lng: 116.4 + (i % 9) / 100 },
        serviceAreas: station.districts,
      },
      meta(`${workerId}:apply`),
    );
    const step = (name: string, request: WorkerRequest) =>
      this.workers.run(workerId, request, meta(`${workerId}:${name}`, today));
    const order = stages.indexOf(stage);
    if (order >= 1)
      await step('check', {
        type: 'RecordBackgroundCheck',
        checkId: `demo-bg-${workerId}`,
        result: order === 1 && i % 2 === 1 ? 'consider' : 'clear',
        source: 'provider',
      });
    if (order < 2) return;
    const certificateId = uuidv5(`${workerId}/certificate`, NAMESPACE);
    // A few certificates run out within days, so expiry can be watched happening on its own; the
    // others are valid for years from whenever the demo is seeded (a fixed date would expire them,
    // and the seeding would refuse them, one day). Certificate dates are days in Shanghai.
    const validTo =
      i % 11 === 0
        ? businessDay(new Date(today.getTime() + ((i % 5) + 1) * 86_400_000))
        : `${Number(businessDay(today).slice(0, 4)) + 3}-12-31`;
    await step('certificate', {
      type: 'SubmitCertificate',
      at: today,
      certificate: {
        certificateId,
        type: certificateType,
        number: `CN-${certificateType.toUpperCase()}-${10000 + i}`,
        issuer: '人力资源和社会保障局 Human Resources Bureau',
        validFrom: '2024-01-01',
        validTo,
      },
    });
    if (order < 3) return;
    await step('verify', { type: 'VerifyCertificate', certificateId });
    await step('reference', {
      type: 'RecordReference',
      referenceId: uuidv5(`${workerId}/reference`, NAMESPACE),
      employer: '前雇主 Former employer',
      outcome: 'positive',
      note: 'demo',
    });
    if (order < 4) return;
    const since = `${2016 + (i % 10)}-${String((i % 12) + 1).padStart(2, '0')}-15`;
    await step('activate', { type: 'ActivateWorker', employedSince: since });
    if (order < 5) return;
    const course = installer ? 'AS-110' : maternity ? 'MC-201' : 'HK-101';
    await step('attend', {
      type: 'AttendCourse',
      courseCode: course,
      sessionId: `${course}-2026-01`,
      on: '2026-01-12',
    });
    await step('course', { type: 'CompleteCourse', courseCode: course });
    if (order < 6) return;
    const exam = installer ? 'AS-EXAM' : maternity ? 'MC-EXAM' : 'HK-EXAM';
    await step('theory', { type: 'TakeExam', examCode: exam, kind: 'theory', score: 75 + (i % 20) });
    // Some fail the practical part and wait for a retake.
    await step('practical', {
      type: 'TakeExam',
      examCode: exam,
      kind: 'practical',
      score: i % 4 === 0 ? 55 : 85 + (i % 10),
    });
    await step('hours', {
      type: 'SetWorkingHours',
      weekly: [1, 2, 3, 4, 5, ...(i % 3 === 0 ? [6] : [])].map((weekday) => ({
        weekday,
        from: '08:00',
        to: '18:00',
      })),
    });
    if (order < 7) return;
    if (stage === 'suspended')
      await step('suspend', { type: 'SuspendWorker', reason: 'demo: customer complaint under review' });
    if (stage === 'left')
      await step('leave', { type: 'RecordLeaving', reason: 'demo: moved back to home town' });
  }
}
