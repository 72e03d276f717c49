import type { Shape } from '../i18n/shape';

/** The worker's jobs list and job page: days, the spare-part request, refusals in words. */
export const workerJobsZh = {
  today: '今天',
  tomorrow: '明天',
  later: '以后',
  earlier: '更早',
  spareParts: '申请配件',
  partCode: '配件编码',
  partCodeHint: '如 WM-PUMP-01',
  quantity: '数量',
  reason: '申请原因',
  request: '提交配件申请',
  requested: '已申请的配件',
  requestedLine: '{{partCode}} × {{quantity}}：{{reason}}（{{at}}）',
  noneRequested: '还没有申请配件',
  notFinished: '还不能完工，还缺：',
  missingChecklist: '服务清单未完成：{{item}}',
  missingPhoto: '缺少完工后的照片（拍照上传）',
  missingSignature: '缺少客户签字',
  serviceSaid: '服务端说明：{{message}}',
};

export const workerJobsEn: Shape<typeof workerJobsZh> = {
  today: 'Today',
  tomorrow: 'Tomorrow',
  later: 'Later',
  earlier: 'Earlier',
  spareParts: 'Request a spare part',
  partCode: 'Part code',
  partCodeHint: 'e.g. WM-PUMP-01',
  quantity: 'Quantity',
  reason: 'Why it is needed',
  request: 'Request the part',
  requested: 'Parts requested',
  requestedLine: '{{partCode}} × {{quantity}}: {{reason}} ({{at}})',
  noneRequested: 'No parts requested yet',
  notFinished: 'The job cannot be completed yet; still missing:',
  missingChecklist: 'Checklist item not done: {{item}}',
  missingPhoto: 'A photo of the finished work (Take a photo)',
  missingSignature: "The customer's signature",
  serviceSaid: 'The service said: {{message}}',
};
