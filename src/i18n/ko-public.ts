import type { enPublic } from './en-public.ts';

export const koPublic = {
  'home.title': 'Onramp에 오신 것을 환영합니다',
  'home.intro':
    'Onramp에서 조직을 활성화하세요. 활성화 이메일의 링크를 열어 지역을 선택하고, 관리자 계정을 만들고, 팀원을 초대할 수 있습니다.',
  'home.lostEmail': '활성화 이메일을 받지 못했습니다',
  'home.staff': 'Onramp 직원 콘솔',

  'activationRequest.title': '새 활성화 이메일 받기',
  'activationRequest.intro':
    '영업 담당자가 등록한 이메일 주소를 입력하세요. 활성화 대기 중인 구독의 주소이면 새 활성화 링크를 보내 드리며, 이전 링크는 더 이상 작동하지 않습니다.',
  'activationRequest.email': '이메일 주소',
  'activationRequest.submit': '활성화 이메일 보내기',
  'activationRequest.sent':
    '감사합니다. 활성화 대기 중인 구독의 주소이면 새 활성화 이메일이 발송됩니다. 받은편지함과 스팸 폴더를 확인하세요.',
  'activationRequest.noSubscription':
    '몇 분이 지나도 이메일이 오지 않나요? 영업팀이라면 CX 전문가에게, Onramp 구독 고객이라면 영업 담당자에게 문의하세요.',
} satisfies Record<keyof typeof enPublic, string>;
