import { Space } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError, PhoneOrderList } from '../ui/phone-list';
import { dayKey } from '../i18n/format';

const MyJobsDocument = graphql(`
  query MyJobs {
    myJobs(page: { limit: 50 }) {
      items {
        id
        status
        branchId
        item {
          nameZh
          nameEn
        }
        address {
          district
          street
        }
        appointment {
          start
          end
        }
      }
    }
  }
`);

const GROUPS = ['earlier', 'today', 'tomorrow', 'later'] as const;

/** The worker's jobs by the branch's day: today's, tomorrow's, then the days after (and any left from before). */
export default function JobsPage() {
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: MyJobsDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <PhoneLoadError error={error} />;
  const jobs = data?.myJobs.items ?? [];
  if (jobs.length === 0) return <PhoneOrderList orders={[]} linkTo={(id) => `/m/jobs/${id}`} empty={t('jobs.none')} />;
  const now = Date.now();
  const groupOf = (job: (typeof jobs)[number]) => {
    const day = dayKey(job.appointment.start, job.branchId);
    const today = dayKey(now, job.branchId);
    if (day < today) return 'earlier';
    if (day === today) return 'today';
    return day === dayKey(now + 86_400_000, job.branchId) ? 'tomorrow' : 'later';
  };
  const sorted = [...jobs].sort((a, b) => a.appointment.start.localeCompare(b.appointment.start));
  return (
    <Space direction="vertical" block>
      {GROUPS.map((group) => {
        const inGroup = sorted.filter((job) => groupOf(job) === group);
        if (inGroup.length === 0) return null;
        return (
          <section key={group} aria-label={t(`workerJobs.${group}`)}>
            <PhoneOrderList
              orders={inGroup}
              linkTo={(id) => `/m/jobs/${id}`}
              empty=""
              header={<h2 style={{ fontSize: 15, margin: 0 }}>{`${t(`workerJobs.${group}`)} (${inGroup.length})`}</h2>}
            />
          </section>
        );
      })}
    </Space>
  );
}
