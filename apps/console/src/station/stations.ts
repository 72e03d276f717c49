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
