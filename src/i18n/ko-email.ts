import type { enEmail } from './en-email.ts';

export const koEmail = {
  'email.footer': 'Onramp · 조직의 Onramp 구독과 관련하여 발송된 이메일입니다.',
  'email.linkFallback': '버튼이 작동하지 않으면 다음 주소를 브라우저에 붙여 넣으세요.',

  'email.activation.subject': 'Onramp 기능 활성화',
  'email.activation.greeting': '{name}님, 안녕하세요.',
  'email.activation.intro':
    '{company}의 새 Onramp 구독이 준비되었습니다. 활성화하여 조직을 만들고, 데이터가 저장될 지역을 선택하고, 첫 번째 관리자가 되세요.',
  'email.activation.summary': '구독 내용',
  'email.activation.trial': '평가판: {days}일, 요금이 청구되지 않습니다.',
  'email.activation.paid': '유료 구독: 요금제 {ratePlan}, {currency}(으)로 청구됩니다.',
  'email.activation.product': '{name} × {quantity}',
  'email.activation.button': '활성화',
  'email.activation.expiry': '이 링크는 한 번만 사용할 수 있으며 {date}에 만료됩니다.',
  'email.activation.help':
    '링크가 만료되었거나 작동하지 않으면 {requestUrl}에서 새 활성화 이메일을 요청하세요. 구독에 관한 문의는 영업 담당자에게 연락하세요.',

  'email.invitation.subject': '{inviter}님이 Onramp의 {organization}에 초대했습니다',
  'email.invitation.greeting': '안녕하세요.',
  'email.invitation.intro':
    '{inviter}({inviterEmail})님이 Onramp의 {organization}에 {role}(으)로 초대했습니다.',
  'email.invitation.role.admin': '관리자',
  'email.invitation.role.user': '사용자',
  'email.invitation.button': '초대 수락',
  'email.invitation.expiry': '이 초대는 한 번만 사용할 수 있으며 {date}에 만료됩니다.',
  'email.invitation.help':
    '예상하지 못한 초대라면 이 이메일을 무시하세요. 링크가 만료되었으면 {inviter}님에게 새 초대를 요청하세요.',
  'email.invitation.facts.organization': '조직',
  'email.invitation.facts.shortName': '조직 짧은 이름',

  'email.nameReminder.subject': 'Onramp 조직 정보',
  'email.nameReminder.intro':
    '{email}이(가) 속한 Onramp 조직을 요청하셨습니다. 다음 짧은 이름 중 하나로 로그인하세요.',
  'email.nameReminder.item': '{name}: 짧은 이름 {shortName}, 지역 {region}, 로그인 주소 {loginUrl}',
  'email.nameReminder.help': '요청하지 않으셨다면 이 이메일을 무시하세요. 변경된 내용은 없습니다.',
} satisfies Record<keyof typeof enEmail, string>;
