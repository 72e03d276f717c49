import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { BranchesQuery } from '../gql/graphql';

/** The company's branches with their stations: what every branch or station picker and name reads. */
export const BranchesDocument = graphql(`
  query Branches {
    branches {
      id
      city
      businessUnits
      name {
        zh
        en
      }
      stations {
        id
        name {
          zh
          en
        }
        districts
      }
    }
  }
`);

export type Branch = BranchesQuery['branches'][number];

/** A station's name in the reader's language, its id until the branches have answered. */
export function useStationName() {
  const { i18n } = useTranslation();
  const [{ data }] = useQuery({ query: BranchesDocument });
  return (id: string) => {
    const station = data?.branches.flatMap((b) => b.stations).find((s) => s.id === id);
    return station ? (i18n.language === 'en' ? station.name.en : station.name.zh) : id;
  };
}
