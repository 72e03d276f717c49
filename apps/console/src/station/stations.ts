import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';

/** Branches and their stations, for choosing a station's board or narrowing the pipeline. */
export const StationsDocument = graphql(`
  query Stations {
    branches {
      id
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
      }
    }
  }
`);

/** The service items' names (orders' catalogue), for the items a worker may or may not take. */
const ItemNamesDocument = graphql(`
  query ItemNames {
    catalogue {
      code
      nameZh
      nameEn
    }
  }
`);

/** A service item's name in the reader's language, its code until the catalogue has answered (or if it cannot). */
export function useItemName(pause = false) {
  const { i18n } = useTranslation();
  const [{ data }] = useQuery({ query: ItemNamesDocument, pause });
  return (code: string) => {
    const item = data?.catalogue.find((i) => i.code === code);
    return item ? (i18n.language === 'en' ? item.nameEn : item.nameZh) : code;
  };
}

/** A station's name in the reader's language, its id until the branches have answered. */
export function useStationName() {
  const { i18n } = useTranslation();
  const [{ data }] = useQuery({ query: StationsDocument });
  return (id: string) => {
    const station = data?.branches.flatMap((b) => b.stations).find((s) => s.id === id);
    return station ? (i18n.language === 'en' ? station.name.en : station.name.zh) : id;
  };
}
