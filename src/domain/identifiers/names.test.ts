import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validateNameText, type NameKind } from './names.ts';

const ok = (kind: NameKind, label: string, input: string, value = input) =>
  assert.deepEqual(validateNameText(kind, label, input), { ok: true, value }, `${kind} ${JSON.stringify(input)}`);
const refused = (kind: NameKind, label: string, input: string, message: string) =>
  assert.deepEqual(validateNameText(kind, label, input), { ok: false, message }, `${kind} ${JSON.stringify(input)}`);

test('real unit names pass unchanged', () => {
  for (const name of [
    '北京市规划和自然资源委员会',
    '中国建筑设计研究院有限公司',
    '北京XYZ工程咨询有限公司',
    '奥雅纳工程咨询（上海）有限公司北京分公司',
    '中建一局集团第三建筑有限公司',
    'TCL科技集团股份有限公司',
    '北京测试勘察设计有限公司123456', // test fixtures (test/support/flows.ts)
    '北京ＡＢＣ建筑设计有限公司', // typed in full-width mode
    '住房和城乡建设部',
    '北京市朝阳区第二建筑工程公司(集体)',
    '𠮷野家（中国）餐饮有限公司', // U+20BB7, extension B
    '北京𰀀设计有限公司', // U+30000, extension G: newer than some browsers' Unicode tables
  ]) {
    ok('org-name', '单位名称', name);
  }
});

test('real person names pass unchanged', () => {
  for (const name of ['张三', '阿卜杜热合曼·买买提', '阿卜杜热合曼・买买提', '爱新觉罗•溥仪', '张三（曾用名李四）', '陈法人', '张工123456', 'John Smith', 'Jean-Pierre Dupont', 'J. R. Smith', 'Lǚ Xiǎo', 'José Müller', '佐々木一郎', '王〇']) {
    ok('person-name', '法定代表人', name);
  }
});

test('real addresses pass unchanged', () => {
  for (const address of [
    '北京市海淀区中关村大街1号院3号楼5层501室',
    '北京市朝阳区建国路88号SOHO现代城A座1201',
    '北京市西城区南礼士路62号（B1-101）',
    '北京市经济技术开发区科创十四街99号33幢D栋2层2209号（集中办公区）',
    '北京市东城区东直门南大街3号楼、5号楼',
    '北京市丰台区丽泽路16号院2号楼1—3层',
    '河北省石家庄市长安区中山东路３９号',
    '北京市通州区新华大街#2，3/F',
    'Room 1201, Building 3, No. 5 Anding Road, Beijing',
    '北京市昌平区回龙观3~5号',
  ]) {
    ok('address', '通讯地址', address);
  }
});

test('spaces: trimmed, any run (full-width, no-break) becomes one ASCII space', () => {
  ok('person-name', '姓名', '  John   Smith ', 'John Smith');
  ok('org-name', '单位名称', '北京\u3000XYZ 公司', '北京 XYZ 公司');
  ok('person-name', '姓名', 'John\u00A0Smith', 'John Smith');
});

test('markup, quotes and ampersands are refused, naming the field and the characters', () => {
  refused('org-name', '单位名称', '<script>', '单位名称含有不允许的字符“<”“>”，请只填写单位的登记名称');
  refused('org-name', '单位名称', '<b>粗体</b>公司', '单位名称含有不允许的字符“<”“>”“/”，请只填写单位的登记名称');
  refused('person-name', '法定代表人', '"><img src=x onerror=1>', '法定代表人含有不允许的字符“"”“>”“<”，请按身份证件填写姓名');
  refused('person-name', '姓名', "O'Brien", '姓名含有不允许的字符“\'”，请按身份证件填写姓名');
  refused('org-name', '单位名称', 'A&B工程咨询有限公司', '单位名称含有不允许的字符“&”，请只填写单位的登记名称');
  refused('address', '通讯地址', '北京市<script>alert(1)</script>', '通讯地址含有不允许的字符“<”“>”，请只填写地址');
  refused('org-name', '单位名称', '“北京”设计公司', '单位名称含有不允许的字符““”“””，请只填写单位的登记名称');
});

test('address punctuation is not part of a name', () => {
  refused('org-name', '单位名称', '北京、上海设计公司', '单位名称含有不允许的字符“、”，请只填写单位的登记名称');
  refused('person-name', '经办人姓名', '张三#2', '经办人姓名含有不允许的字符“#”，请按身份证件填写姓名');
});

test('emoji are refused', () => {
  refused('org-name', '单位名称', '北京😀设计有限公司', '单位名称含有不允许的字符“😀”，请只填写单位的登记名称');
  refused('person-name', '姓名', '张三❤️', '姓名含有不允许的字符“❤”，请按身份证件填写姓名');
});

test('invisible characters are refused by name and code point', () => {
  refused('org-name', '单位名称', '北京\u202E司公限有', '单位名称含有不可见的文字方向控制符（U+202E），请删除后重新输入');
  refused('person-name', '姓名', '张\u200B三', '姓名含有不可见的零宽字符（U+200B），请删除后重新输入');
  refused('person-name', '姓名', '张\u2066三', '姓名含有不可见的文字方向控制符（U+2066），请删除后重新输入');
  refused('org-name', '单位名称', '北京\uFEFF设计公司', '单位名称含有不可见的零宽字符（U+FEFF），请删除后重新输入');
  ok('org-name', '单位名称', '\uFEFF北京设计公司\u200A', '北京设计公司'); // white space at either end is trimmed
  refused('address', '通讯地址', '北京市\n海淀区', '通讯地址含有不可见的控制字符（U+000A），请删除后重新输入');
  refused('address', '通讯地址', '北京市\u0000海淀区', '通讯地址含有不可见的控制字符（U+0000），请删除后重新输入');
  refused('person-name', '姓名', '葛\u{E0100}', '姓名含有不可见的组合符号或变体选择符（U+E0100），请删除后重新输入');
  refused('person-name', '姓名', '张\uE000', '姓名含有不可见的无法显示的字符（U+E000），请删除后重新输入');
});
