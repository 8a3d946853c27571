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
  'email.activation.paid': '유료 구독: 요금제 {ratePlan}, {currency:으로} 청구됩니다.',
  'email.activation.product': '{name} × {quantity}',
  'email.activation.button': '활성화',
  'email.activation.expiry': '이 링크는 한 번만 사용할 수 있으며 {date}에 만료됩니다.',
  'email.activation.help':
    '링크가 만료되었거나 작동하지 않으면 {requestUrl}에서 새 활성화 이메일을 요청하세요. 구독에 관한 문의는 영업 담당자에게 연락하세요.',

  'email.invitation.subject': '{inviter}님이 Onramp의 {organization}에 초대했습니다',
  'email.invitation.greeting': '안녕하세요.',
  'email.invitation.intro':
    '{inviter}({inviterEmail})님이 Onramp의 {organization}에 {role:으로} 초대했습니다.',
  'email.invitation.role.admin': '관리자',
  'email.invitation.role.user': '사용자',
  'email.invitation.button': '초대 수락',
  'email.invitation.expiry': '이 초대는 한 번만 사용할 수 있으며 {date}에 만료됩니다.',
  'email.invitation.help':
    '예상하지 못한 초대라면 이 이메일을 무시하세요. 링크가 만료되었으면 {inviter}님에게 새 초대를 요청하세요.',
  'email.invitation.facts.organization': '조직',
  'email.invitation.facts.shortName': '조직 짧은 이름',

  'email.passwordReset.subject': 'Onramp 비밀번호 재설정',
  'email.passwordReset.intro':
    '{email} 계정의 Onramp 비밀번호 재설정이 요청되었습니다. 아래에서 새 비밀번호를 정하세요.',
  'email.passwordReset.button': '새 비밀번호 정하기',
  'email.passwordReset.buttonFor': '{name} 계정의 새 비밀번호 정하기',
  'email.passwordReset.expiry':
    '링크는 한 번만 사용할 수 있으며 {date}에 만료됩니다. 새 비밀번호를 정하면 모든 기기에서 로그아웃됩니다.',
  'email.passwordReset.help': '요청하지 않으셨다면 이 이메일을 무시하세요. 비밀번호는 바뀌지 않습니다.',
  'email.nameReminder.subject': 'Onramp 조직 정보',
  'email.nameReminder.intro':
    '{email:이} 속한 Onramp 조직을 요청하셨습니다. 다음 짧은 이름 중 하나로 로그인하세요.',
  'email.nameReminder.item': '{name}: 짧은 이름 {shortName}, 지역 {region}, 로그인 주소 {loginUrl}',
  'email.nameReminder.help': '요청하지 않으셨다면 이 이메일을 무시하세요. 변경된 내용은 없습니다.',

  'email.thankYou.subject': 'Onramp 기능을 활성화해 주셔서 감사합니다',
  'email.thankYou.greeting': '{name}님, 안녕하세요.',
  'email.thankYou.body':
    '{organization:을} 활성화해 주셔서 감사합니다. CX 전문가가 구독한 모든 기능이 활성화되었고 청구가 구독과 일치하는지 확인했습니다.',
  'email.thankYou.next':
    '필요한 링크가 담긴 두 번째 이메일 "Onramp에 오신 것을 환영합니다"가 이어서 발송됩니다.',

  'email.welcome.subject': 'Onramp에 오신 것을 환영합니다',
  'email.welcome.greeting': '{name}님, 안녕하세요.',
  'email.welcome.intro': '{organization} 조직이 활성화되어 바로 사용할 수 있습니다.',
  'email.welcome.facts.loginUrl': '로그인 주소',
  'email.welcome.facts.organizationId': '조직 ID',
  'email.welcome.facts.shortName': '짧은 이름',
  'email.welcome.facts.region': '지역',
  'email.welcome.signIn': '로그인',
  'email.welcome.gettingStartedTitle': '시작하기',
  'email.welcome.gettingStarted':
    '{loginUrl}에서 이메일과 짧은 이름 {shortName:으로} 로그인하세요. 홈 페이지에서 제품, 기능, 청구 정보를 볼 수 있습니다.',
  'email.welcome.inviteTitle': '사용자 초대',
  'email.welcome.invite':
    '홈 페이지의 사용자 항목에서 동료의 이메일과 역할을 입력하고 "초대 보내기"를 선택하세요. 초대 링크는 30일 동안 한 번 사용할 수 있습니다.',
  'email.welcome.supportTitle': '지원',
  'email.welcome.support':
    '도움이 필요하면 {supportEmail:으로} 연락하시고 조직 ID {organizationId:을} 알려 주세요.',
} satisfies Record<keyof typeof enEmail, string>;
