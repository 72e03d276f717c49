import { useTranslation } from 'react-i18next';
import { useQuery } from 'urql';
import { graphql } from '../gql';

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
