import { DotLoading, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MyProfileQuery } from '../gql/graphql';
import { useItemName } from '../station/stations';
import { PhoneLoadError } from '../ui/phone-list';

const MyProfileDocument = graphql(`
  query MyProfile {
    me {
      id
      name
      status
      stationId
      certificates {
        id
        type
        number
        validTo
        status
        rejectionReason
      }
      coursesCompleted
      exams {
        examCode
        theory
        theoryScore
        practical
        practicalScore
      }
      eligibleItems
      ineligibleItems {
        itemCode
        reasons
      }
      leaderboardPosition {
        month
        standings {
          scope
          scopeId
          totals {
            jobsCompleted
          }
          ranks {
            metric
            rank
            of
          }
        }
      }
    }
    trainingCatalogue {
      courses {
        code
        name {
          zh
          en
        }
      }
      exams {
        code
        name {
          zh
          en
        }
      }
      items {
        itemCode
        certificates
        courses
      }
    }
  }
`);

type Me = NonNullable<MyProfileQuery['me']>;
type Catalogue = MyProfileQuery['trainingCatalogue'];

/** Dark text on an outline: readable on the phone's white (antd-mobile's solid presets fall below AA). */
const tone = { good: '#135200', warn: '#873800', bad: '#a8071a', plain: '#434343' };

/** Whether a certificate's last valid day (Shanghai) is over. */
const expired = (validTo: string) => validTo < new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** The courses the worker's service items ask for: those of the items their certificates lead to. */
function requiredCourses(me: Me, catalogue: Catalogue): string[] {
  const held = new Set(me.certificates.filter((c) => c.status !== 'rejected').map((c) => c.type as string));
  const courses = catalogue.items.filter((item) => item.certificates.some((c) => held.has(c))).flatMap((item) => item.courses);
  return [...new Set([...courses, ...me.coursesCompleted])];
}

/** An exam as a whole: passed when both parts are, failed (a retake is open) when one was failed. */
function ExamTag({ theory, practical }: { theory: string; practical: string }) {
  const { t } = useTranslation();
  const [key, colour] =
    theory === 'passed' && practical === 'passed'
      ? (['station.examPart.passed', tone.good] as const)
      : theory === 'failed' || practical === 'failed'
        ? (['station.examPart.failed', tone.bad] as const)
        : (['station.me.courseTodo', tone.warn] as const);
  return (
    <Tag fill="outline" color={colour}>
      {t(key)}
    </Tag>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section aria-label={title} style={{ marginBottom: 12 }}>
      <List header={<h2 style={{ fontSize: 15, margin: 0, color: '#262626' }}>{title}</h2>}>{children}</List>
    </section>
  );
}

/** The worker's own file on the phone: certificates, training, exams, what they may take, and this month's rank. */
export default function ProfilePage() {
  const { t, i18n } = useTranslation();
  const [{ data, error, fetching }] = useQuery({ query: MyProfileDocument, requestPolicy: 'cache-and-network' });
  const itemName = useItemName();
  if (!data && fetching) return <DotLoading />;
  if (!data?.me) return <PhoneLoadError error={error} />;
  const me = data.me;
  const catalogue = data.trainingCatalogue;
  const local = (name: { zh: string; en: string } | undefined, code: string) => (name ? (i18n.language === 'en' ? name.en : name.zh) : code);
  const courseName = (code: string) => local(catalogue.courses.find((c) => c.code === code)?.name, code);
  const examName = (code: string) => local(catalogue.exams.find((e) => e.code === code)?.name, code);
  const required = requiredCourses(me, catalogue);
  const done = required.filter((c) => me.coursesCompleted.includes(c));
  const station = me.leaderboardPosition?.standings.find((s) => s.scope === 'STATION');
  const jobsRank = station?.ranks.find((r) => r.metric === 'JOBS_COMPLETED');
  const part = (result: string, score: number | null | undefined) =>
    `${t(`station.examPart.${result}`)}${score === null || score === undefined ? '' : ` ${score}`}`;

  return (
    <div>
      <Section title={t('station.me.leaderboard')}>
        {station && jobsRank ? (
          <List.Item
            description={t('station.me.stationBoard', { metric: t('station.metrics.JOBS_COMPLETED') })}
            extra={<span style={{ fontSize: 16, fontWeight: 600 }}>{t('station.me.value', { value: station.totals.jobsCompleted })}</span>}
          >
            {t('station.me.rank', { rank: jobsRank.rank, of: jobsRank.of })}
          </List.Item>
        ) : (
          <List.Item>{t('station.me.notRanked')}</List.Item>
        )}
      </Section>

      <Section title={t('station.me.certificates')}>
        {me.certificates.length === 0 && <List.Item>{t('station.me.noCertificates')}</List.Item>}
        {me.certificates.map((c) => (
          <List.Item
            key={c.id}
            description={[
              `${c.number} · ${t('station.detail.validTo', { date: c.validTo })}`,
              c.rejectionReason ? t('station.detail.rejectedBecause', { reason: c.rejectionReason }) : '',
            ]
              .filter(Boolean)
              .join('；')}
            extra={
              <span>
                {expired(c.validTo) && (
                  <Tag fill="outline" color={tone.bad} style={{ marginRight: 4 }}>
                    {t('station.detail.expired')}
                  </Tag>
                )}
                <Tag fill="outline" color={c.status === 'verified' ? tone.good : c.status === 'rejected' ? tone.bad : tone.warn}>
                  {t(`station.certificateStatus.${c.status}`)}
                </Tag>
              </span>
            }
          >
            {t(`station.certificateTypes.${c.type}`)}
          </List.Item>
        ))}
      </Section>

      <Section title={t('station.me.training')}>
        <List.Item>{t('station.me.coursesDone', { done: done.length, required: required.length })}</List.Item>
        {required.map((code) => (
          <List.Item
            key={code}
            extra={
              <Tag fill="outline" color={me.coursesCompleted.includes(code) ? tone.good : tone.plain}>
                {t(me.coursesCompleted.includes(code) ? 'station.me.courseDone' : 'station.me.courseTodo')}
              </Tag>
            }
          >
            {courseName(code)}
          </List.Item>
        ))}
      </Section>

      <Section title={t('station.me.exams')}>
        {me.exams.length === 0 && <List.Item>{t('station.me.noExams')}</List.Item>}
        {me.exams.map((e) => (
          <List.Item
            key={e.examCode}
            description={`${t('station.examKind.theory')}：${part(e.theory, e.theoryScore)} · ${t('station.examKind.practical')}：${part(e.practical, e.practicalScore)}`}
            extra={<ExamTag theory={e.theory} practical={e.practical} />}
          >
            {examName(e.examCode)}
          </List.Item>
        ))}
      </Section>

      <Section title={t('station.me.eligibility')}>
        {me.eligibleItems.map((code) => (
          <List.Item key={code} extra={<Tag fill="outline" color={tone.good}>{t('station.me.eligible')}</Tag>}>
            {itemName(code)}
          </List.Item>
        ))}
        {me.ineligibleItems.map((i) => (
          <List.Item
            key={i.itemCode}
            description={i.reasons.map((r) => t(`station.reasons.${r}`, { defaultValue: r })).join('、')}
            extra={<Tag fill="outline" color={tone.plain}>{t('station.me.notEligible')}</Tag>}
          >
            {itemName(i.itemCode)}
          </List.Item>
        ))}
      </Section>
    </div>
  );
}
