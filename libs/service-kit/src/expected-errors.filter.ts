import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { GqlContextType } from '@nestjs/graphql';
import { ContractViolation } from '@platform/contracts';
import { DomainError } from '@platform/eventing';
import { GraphQLError } from 'graphql';
import { ZodError } from 'zod';

/**
 * A rejected command, a forbidden query or bad input is an answer, not a failure: it goes to the
 * client (shaped by formatGraphQLError) without Nest logging it as an error with a stack trace,
 * so that the log keeps real failures visible.
 */
@Catch(DomainError, GraphQLError, ZodError, ContractViolation)
export class ExpectedErrorsFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType<GqlContextType>() === 'graphql') return exception;
    return super.catch(exception, host);
  }
}
