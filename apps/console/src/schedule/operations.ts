import { graphql } from '../gql';

export const ScheduleBoardDocument = graphql(`
  query ScheduleBoard($branchId: ID!, $day: String!) {
    scheduleBoard(branchId: $branchId, day: $day) {
      branchId
      day
      rows {
        workerId
        stationId
        status
        onLeave
        worker {
          id
          name
        }
        jobs {
          orderId
          start
          end
          holding
          progress
          order {
            id
            channelOrderId
            item {
              nameZh
              nameEn
            }
          }
        }
        drives {
          fromOrderId
          toOrderId
          km
          minutes
          gapMinutes
        }
      }
      unassigned {
        orderId
        start
        end
        district
        dispatchStatus
        order {
          id
          channelOrderId
          item {
            nameZh
            nameEn
          }
        }
      }
    }
  }
`);

export const ScheduleChangesDocument = graphql(`
  subscription ScheduleChanges {
    orderBoardChanged {
      orderId
      change
    }
  }
`);
