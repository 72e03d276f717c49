import { graphql } from '../../gql';

export const OrderStatsDocument = graphql(`
  query OrderStats($filter: OrderBoardFilter) {
    orderStats(filter: $filter) {
      total
      perDay {
        day
        channel
        count
      }
      byStatus {
        status
        count
      }
    }
  }
`);

export const DispatchStatsDocument = graphql(`
  query DispatchStats($filter: DispatchStatsFilter!) {
    dispatchStats(filter: $filter) {
      orders
      assigned
      medianSecondsToAssign
      slaBreaches
      outcomes {
        outcome
        count
      }
      reasons {
        rule
        workers
      }
      timeToAssign {
        day
        orders
        medianSeconds
        p90Seconds
      }
      timeToAssignBuckets {
        bucket
        count
      }
      slaBreachesPerDay {
        branchId
        day
        accept
        arrive
        finish
      }
      weekLoad {
        days
        workerCount
        load {
          workerId
          worker {
            name
          }
          day
          jobs
          minutes
        }
      }
    }
  }
`);
