import type { enErrors } from './en-errors.ts';

export const koErrors = {
  'errors.VALIDATION_FAILED': '확인이 필요한 항목이 있습니다. 표시된 항목을 확인한 뒤 다시 시도하세요.',
  'errors.INVALID_JSON': '요청 본문이 올바른 JSON이 아닙니다.',
  'errors.UNAUTHENTICATED': '계속하려면 로그인하세요.',
  'errors.INVALID_CREDENTIALS': '이메일 또는 비밀번호가 올바르지 않습니다.',
  'errors.INVALID_CREDENTIALS.lastAttempt':
    '이메일 또는 비밀번호가 올바르지 않습니다. 한 번 더 실패하면 5분 동안 로그인할 수 없습니다.',
  'errors.FORBIDDEN': '이 작업을 수행할 권한이 없습니다.',
  'errors.CSRF_FAILED': '요청을 확인할 수 없습니다. 페이지를 새로 고친 뒤 다시 시도하세요.',
  'errors.NOT_FOUND': '이 주소에는 아무것도 없습니다.',
  'errors.PAYLOAD_TOO_LARGE': '요청이 너무 큽니다(최대 1 MiB).',
  'errors.UNSUPPORTED_MEDIA_TYPE': '요청 본문을 application/json 형식으로 보내세요.',
  'errors.ACCOUNT_LOCKED': '실패한 시도가 너무 많습니다. {until}까지 로그인할 수 없습니다.',
  'errors.RATE_LIMITED': '요청이 너무 많습니다. {seconds}초 후에 다시 시도하세요.',
  'errors.INTERNAL_ERROR':
    '시스템에 문제가 발생했습니다. 다시 시도하시고, 계속 발생하면 아래 참조 번호와 함께 지원팀에 문의하세요.',
  'errors.STAFF_EMAIL_TAKEN': '이 이메일을 사용하는 직원 계정이 이미 있습니다.',
  'errors.STAFF_NOT_FOUND': '이 이메일을 사용하는 직원 계정이 없습니다. `onramp staff create`로 만드세요.',
  'errors.FRESH_SIGN_IN_REQUIRED':
    '보안을 위해 로그아웃한 뒤 다시 로그인하고, 10분 안에 API 토큰을 만드세요.',
  'errors.PASSWORD_SIGNIN_DISABLED':
    '이곳의 직원은 통합 로그인(SSO)으로 로그인합니다. 콘솔 로그인 페이지에서 "SSO로 로그인"을 누르세요.',
  'errors.SSO_NOT_CONFIGURED':
    '이 Onramp에는 통합 로그인이 설정되어 있지 않습니다. 이메일과 비밀번호로 로그인하세요.',
  'errors.SSO_PROVIDER_UNAVAILABLE':
    '로그인 제공자에 연결할 수 없습니다. 잠시 후 다시 시도하고, 계속 실패하면 Onramp 관리자에게 알려 주세요.',
  'errors.SSO_REQUEST_UNKNOWN':
    '이 브라우저에서 시작한 로그인이 아니거나 10분이 지났습니다. "SSO로 로그인"으로 다시 시작하세요.',
  'errors.SSO_STATE_MISMATCH':
    '로그인 제공자의 응답이 이 브라우저에서 시작한 로그인과 맞지 않아 거부했습니다. "SSO로 로그인"으로 다시 시작하세요.',
  'errors.SSO_CODE_REJECTED':
    '로그인 제공자가 이 로그인을 받아들이지 않았습니다. 시간이 너무 오래 걸렸거나 이미 사용되었을 수 있습니다. "SSO로 로그인"으로 다시 시작하세요.',
  'errors.SSO_DENIED': '로그인 제공자에서 로그인이 취소되었습니다. 준비되면 다시 시작하세요.',
  'errors.SSO_EMAIL_UNVERIFIED':
    '로그인 제공자가 확인된 이메일 주소를 알려 주지 않았습니다. Onramp는 이 주소로 사용자를 확인합니다. 관리자에게 문의하세요.',
  'errors.SSO_NO_ROLE':
    '{email} 계정으로 로그인했지만 이 계정에는 아직 Onramp 역할이 없습니다. Onramp 관리자에게 역할이 있는 그룹에 추가해 달라고 요청하세요.',
  'errors.SSO_ACCOUNT_CONFLICT':
    'Onramp 직원 계정 {email:은} 로그인 제공자의 다른 계정과 연결되어 있습니다. Onramp 관리자에게 문의하세요.',
  'errors.API_TOKEN_NOT_FOUND': '이 ID로 해지할 수 있는 API 토큰이 없습니다.',
  'errors.SUBSCRIPTION_NOT_FOUND': '이 ID의 구독이 없습니다.',
  'errors.SUBSCRIPTION_NOT_PENDING':
    '이 구독은 {status} 상태이므로 활성화 이메일을 더 이상 보낼 수 없습니다.',
  'errors.ACTIVATION_LINK_INVALID':
    'Onramp가 알아볼 수 없는 링크입니다. 이메일의 링크 전체를 복사했는지 확인하거나 새 활성화 이메일을 요청하세요.',
  'errors.ACTIVATION_LINK_EXPIRED':
    '이 활성화 링크는 {expiredAt}에 만료되었습니다. 새 활성화 이메일을 요청하세요.',
  'errors.ACTIVATION_LINK_REPLACED':
    '새 활성화 이메일이 발송되어 이 링크는 더 이상 사용할 수 없습니다. 가장 최근 이메일의 링크를 사용하거나 새 이메일을 요청하세요.',
  'errors.ACTIVATION_LINK_USED':
    '이미 사용된 활성화 링크입니다. 조직이 이미 생성되었으니 로그인하시거나 영업 담당자에게 문의하세요.',
  'errors.ACTIVATION_LINK_CANCELLED':
    '구독이 취소되어 이 링크는 더 이상 사용할 수 없습니다. 영업 담당자에게 문의하세요.',
  'errors.SHORT_NAME_TAKEN':
    '짧은 이름 {shortName:은} 이 지역에서 이미 사용 중입니다. {suggestion:을} 사용하거나 다른 이름을 선택하세요.',
  'errors.PASSWORD_RESET_INVALID':
    '유효하지 않은 재설정 링크입니다. 이메일의 링크 전체를 열었는지 확인하거나 새 링크를 요청하세요.',
  'errors.PASSWORD_RESET_EXPIRED':
    '재설정 링크가 만료되었습니다(링크는 1시간 동안 유효합니다). 새 링크를 요청하세요.',
  'errors.PASSWORD_RESET_USED':
    '이미 사용한 재설정 링크입니다. 새 비밀번호로 로그인하거나 새 링크를 요청하세요.',
  'errors.CURRENT_PASSWORD_INCORRECT': '현재 비밀번호가 올바르지 않습니다. 비밀번호는 바뀌지 않았습니다.',
  'errors.CURRENT_PASSWORD_INCORRECT.lastAttempt':
    '현재 비밀번호가 올바르지 않습니다. 한 번 더 실패하면 5분 동안 비밀번호를 확인할 수 없습니다.',
  'errors.ORGANIZATION_CHOICE_REQUIRED':
    '이 이메일 주소는 여러 조직에 속해 있습니다. 로그인할 조직을 선택하세요.',
  'errors.INVITATION_REPLACED':
    '더 최근에 보낸 초대 이메일이 이 초대를 대신합니다. 가장 최근 초대 이메일의 링크를 사용하세요.',
  'errors.INVITATION_INVALID':
    '유효하지 않은 초대 링크입니다. 링크 전체를 복사했는지 확인하거나 새 초대를 요청하세요.',
  'errors.INVITATION_EXPIRED':
    '이 초대는 {expiredAt}에 만료되었습니다. 초대한 사람에게 새 초대를 요청하세요.',
  'errors.INVITATION_REVOKED': '이 초대는 취소되었습니다. 계속 접근이 필요하면 조직 관리자에게 문의하세요.',
  'errors.INVITATION_USED': '이미 수락한 초대입니다. 이메일과 비밀번호로 로그인하세요.',
  'errors.INVITATION_NOT_FOUND': '조직에 이 ID의 초대가 없습니다.',
  'errors.INVITATION_EXISTS': '{email}에게 보낸 초대가 이미 대기 중입니다. 대신 다시 보내세요.',
  'errors.ALREADY_MEMBER': '{email:은} 이미 이 조직의 구성원입니다.',
  'errors.ORGANIZATION_NOT_FOUND': '이 ID의 조직이 없습니다.',
  'errors.CHECKS_FAILING':
    '실패한 검사: {checks}. 문제를 해결한 뒤 검사를 다시 실행하거나, 이유를 메모로 남기고 재정의하여 승인하세요.',
  'errors.EMAIL_NOT_FOUND': '발신함에 이 ID의 이메일이 없습니다.',
  'errors.WEBHOOK_ENDPOINT_NOT_FOUND': '이 ID의 웹훅 엔드포인트가 없습니다.',
  'errors.WEBHOOK_ENDPOINT_DISABLED':
    '비활성화된 엔드포인트라 아무것도 받지 않습니다. 먼저 활성화한 뒤 테스트 이벤트를 보내세요.',
  'errors.WEBHOOK_DELIVERY_NOT_FOUND': '이 ID의 웹훅 전송 기록이 없습니다.',
  'errors.WEBHOOK_DELIVERY_IN_FLIGHT': '지금 전송 중입니다. 결과를 기다린 뒤 실패했으면 다시 시도하세요.',
  'errors.RUN_NOT_FAILED': '실패한 실행이 아니므로 다시 시도할 것이 없습니다.',
  'errors.CONNECTOR_CALLBACK_INVALID': '이 주소로 콜백을 기다리는 커넥터 단계가 없습니다.',
  'errors.CONNECTOR_CALLBACK_SIGNATURE':
    '이 커넥터의 비밀 키로 서명된 콜백이 아닙니다(webhook-id, webhook-timestamp, webhook-signature).',
  'errors.CONNECTOR_CALLBACK_SETTLED': '이미 끝난 단계라 콜백으로 바뀌는 것이 없습니다.',
} satisfies Record<keyof typeof enErrors, string>;
