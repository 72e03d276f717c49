import { Empty, ErrorBlock, List, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { problemsOf } from '../graph/problems';
import { timeWindow } from '../i18n/format';

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

/** The worker's jobs, next appointment first: today's and the days after. */
export default function JobsPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [{ data, error }] = useQuery({ query: MyJobsDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <ErrorBlock status="default" title={problemsOf(error)[0]?.reason} description="" />;
  const jobs = data?.myJobs.items ?? [];
  if (jobs.length === 0) return <Empty description={t('jobs.none')} />;
  return (
    <List>
      {jobs.map((job) => (
        <List.Item
          key={job.id}
          onClick={() => navigate(`/m/jobs/${job.id}`)}
          description={`${timeWindow(job.appointment.start, job.appointment.end, job.branchId)} · ${job.address.district} ${job.address.street}`}
          extra={<Tag>{t(`status.${job.status}`)}</Tag>}
        >
          {i18n.language === 'en' ? job.item.nameEn : job.item.nameZh}
        </List.Item>
      ))}
    </List>
  );
}
