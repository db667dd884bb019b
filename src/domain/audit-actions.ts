/**
 * Chinese names of every action the server writes to the audit log (审计日志), grouped as the
 * audit page offers them. Shared by the page's filter, the API answer and the CSV export.
 * `src/server/audit/audit-actions.test.ts` fails when the server writes an action missing here.
 */
export const AUDIT_ACTION_GROUPS = [
  {
    label: '登录与账号',
    actions: {
      'auth.login': '登录',
      'auth.logout': '退出登录',
      'idp.login': '统一身份认证（密码）',
      'idp.totp': '动态口令验证',
      'idp.totp-enroll': '绑定动态口令',
      'idp.register': '注册账号',
      'account.basic-info': '完善基本信息',
      'idp.login-throttled': '登录尝试过于频繁被拒绝',
      'idp.login-alert': '登录失败提醒',
      'authz.denied': '越权访问被拒绝',
    },
  },
  {
    label: '网上申报',
    actions: {
      'application.create': '新建申请',
      'application.save-step': '保存申请',
      'application.discard': '删除草稿',
      'application.submit': '提交申请',
      'attachment.upload': '上传附件',
      'attachment.reject': '附件被拒收',
      'attachment.delete': '删除附件',
      'dossier.add': '添加整合材料',
      'dossier.remove': '删除整合材料',
      'dossier.replace': '替换整合材料',
      'dossier.move': '调整整合材料顺序',
      'result.collection': '选择领取方式',
      'statement.file': '提交陈述意见',
      'rating.submit': '服务评价',
    },
  },
  {
    label: '审批办理',
    actions: {
      'case.accept': '受理',
      'case.reject': '不予受理',
      'case.request-correction': '要求补正',
      'case.resubmit': '补正后重新提交',
      'case.lapse': '逾期未补正，视为撤回',
      'case.withdraw': '撤回申请',
      'case.pass': '审批通过',
      'case.fail': '审批不通过',
      'case.return': '退回',
      'case.expert-review': '转专家评审',
      'case.complete-expert-review': '专家评审完成',
      'case.extension-request': '申请延期',
      'case.extension-approve': '批准延期',
      'case.extension-refuse': '不批准延期',
      'attachment.staff-view': '查阅申请附件',
      'document.staff-download': '下载文书',
      'document.staff-print': '批量打印文书',
      'case.export': '导出案件列表',
      'case.claim': '认领案件',
      'case.release': '释放案件',
      'case.assign': '指派案件',
      'case.transfer': '转办案件',
      'case.suspend': '中止审查',
      'case.resume': '恢复审查',
      'template.create': '新增常用意见',
      'template.update': '修改常用意见',
      'template.delete': '删除常用意见',
    },
  },
  {
    label: '公示公告与制证',
    actions: {
      'notice.publish': '发布公示',
      'announcement.publish': '发布公告',
      'case.publish': '列入公示或公告',
      'case.publish-refusal': '公告不予许可',
      'case.close-notice': '公示期满',
      'case.return-to-review': '公示后退回审查',
      'notice.close': '公示期结束',
      'statement.reply': '答复陈述意见',
      'case.issue': '制证完成',
      'register.import': '导入存量资质',
      'register.ex-officio-cancel': '依职权注销',
      'rating.rectify': '差评整改办结',
    },
  },
  {
    label: '系统管理',
    actions: {
      'admin.staff-create': '新建工作人员账号',
      'admin.staff-disable': '停用工作人员账号',
      'admin.staff-enable': '启用工作人员账号',
      'admin.staff-totp-reset': '重置动态口令',
      'admin.staff-roles': '调整岗位',
      'admin.holidays-replace': '更新节假日',
      'audit.export': '导出审计日志',
      'audit.purge': '清理过期审计日志',
    },
  },
] as const satisfies readonly { label: string; actions: Record<string, string> }[];

export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = Object.assign({}, ...AUDIT_ACTION_GROUPS.map((g) => g.actions));

/** The Chinese name of an action; an action without one shows its code, so nothing is hidden. */
export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action]! : action;
}

export const AUDIT_OUTCOME_LABELS = { success: '成功', failure: '失败' } as const;
