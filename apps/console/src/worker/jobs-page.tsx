import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import { PhoneLoadError, PhoneOrderList } from '../ui/phone-list';

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
  const { t } = useTranslation();
  const [{ data, error }] = useQuery({ query: MyJobsDocument, requestPolicy: 'cache-and-network' });
  if (error && !data) return <PhoneLoadError error={error} />;
  return <PhoneOrderList orders={data?.myJobs.items ?? []} linkTo={(id) => `/m/jobs/${id}`} empty={t('jobs.none')} />;
}
