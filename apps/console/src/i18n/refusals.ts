import { dateTime } from './format';
import { i18next } from './i18n';

/**
 * The services refuse in English, with a stable code and the numbers behind the rule in the
 * error's extensions. A Chinese reader gets the rule in Chinese from the code; an English reader
 * gets the service's own sentence, which says the same and sometimes more.
 */
const zhByCode: Record<string, string> = {
  FORBIDDEN: '没有权限：这不在你的角色或范围之内',
  NOT_FOUND: '没有找到，或它不在你的范围内',
  WORKER_NOT_FOUND: '该分公司没有这位师傅',
  ILLEGAL_TRANSITION: '当前状态「{{currentStatus}}」下不能这样操作',
  ITEM_NOT_ORDERABLE: '这个服务项目目前不可预约',
  ITEM_NOT_OFFERED_IN_CITY: '这个服务项目在该城市暂不提供',
  ITEM_EXISTS: '这个编码的服务项目已经存在，请修改它',
  APPOINTMENT_TOO_SOON: '预约开始时间至少要在 {{minLeadMinutes}} 分钟之后',
  NOTICE_PERIOD_PASSED: '预约开始前 {{noticeHours}} 小时内不能自己改约或取消，请联系客服',
  PRODUCT_REQUIRED: '售后报修需要填写产品信息（品类、型号、购买日期、故障）',
  CUSTOMER_REQUIRED: '代客下单需要填写顾客 ID',
  CHANNEL_NOT_ALLOWED: '不能通过这个渠道下单',
  NOT_YOUR_JOB: '这个工单已派给其他师傅',
  OUTSIDE_SERVICE_WINDOW: '只能在预约开始前 {{earlyMinutes}} 分钟到预约结束（{{start}}–{{end}}）之间签到',
  TOO_FAR_FROM_ADDRESS: '签到位置离服务地址 {{distanceMeters}} 米，需在 {{radiusMeters}} 米以内',
  TOO_MANY_PHOTOS: '一个工单最多 {{maxPhotos}} 张照片',
  FILE_NOT_UPLOADED: '文件尚未上传，请重新上传',
  UNKNOWN_CHECKLIST_ITEM: '这一项不在该服务的标准清单里',
  WORKER_NOT_DISPATCHABLE: '不能派给这位师傅：{{rules}}',
  WORKER_NOT_ACTIVE: '这位师傅尚未启用或已停用',
  WORKER_NOT_ELIGIBLE: '这位师傅没有这个服务项目的资质',
  ORDER_NOT_OPEN: '订单已在服务中或已结束，现在不能改派',
  OFFER_NOT_OPEN: '这个邀约已经结束',
  OFFER_EXPIRED: '这个邀约已过期',
  NOT_YOUR_OFFER: '这个邀约是发给其他师傅的',
  ALREADY_DISPATCHING: '这个订单正在派单中，请稍后再试',
  SLOT_TAKEN: '这位师傅在这个时间已有其他工单',
  DAILY_CAP_REACHED: '这位师傅当天已有 {{held}} 单，达到每日上限 {{cap}} 单',
  PLAN_ALREADY_ACCEPTED: '这个计划已经采纳过了',
  CERTIFICATE_EXPIRED: '证书已过期',
  FEATURE_OFF: '该分公司未开通这项功能',
};

/** Dispatch's hard rules, as a dispatcher names them. */
const zhRules: Record<string, string> = {
  wrong_branch: '不属于该分公司',
  not_active: '未启用',
  not_eligible_for_item: '没有该项目资质',
  outside_service_area: '不在服务区域内',
  routing_group: '不在该品类的派单组',
  outside_working_hours: '不在工作时间内',
  on_leave: '当天请假',
  daily_cap_reached: '已达每日接单上限',
  slot_taken: '时间冲突',
  too_far: '距离太远',
};

const zhStatus = (status: unknown) =>
  typeof status === 'string' ? i18next.t(`status.${status}`, { defaultValue: status }) : '';

/** The reason to show for a refusal: Chinese from its code where known, else the service's words. */
export function refusalReason(code: string | null, details: Record<string, unknown>, serviceReason: string): string {
  const text = code ? (zhByCode[code] ?? (code.endsWith('_NOT_FOUND') ? zhByCode.NOT_FOUND : undefined)) : undefined;
  if (i18next.language === 'en' || !text) return serviceReason;
  const values: Record<string, unknown> = { ...details, currentStatus: zhStatus(details.currentStatus) };
  for (const key of ['start', 'end'] as const)
    if (typeof details[key] === 'string') values[key] = dateTime(details[key] as string);
  if (Array.isArray(details.rules)) values.rules = details.rules.map((r) => zhRules[String(r)] ?? String(r)).join('、');
  return text.replace(/{{(\w+)}}/g, (_, key: string) => String(values[key] ?? ''));
}
