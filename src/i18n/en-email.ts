/** Email templates' words. Each email exists in every language, as HTML and plain text. */
export const enEmail = {
  'email.footer': 'Onramp · You receive this email about your organization’s Onramp subscription.',
  'email.linkFallback': 'If the button does not work, copy this address into your browser:',

  'email.activation.subject': 'Activate your Onramp features',
  'email.activation.greeting': 'Hello {name},',
  'email.activation.intro':
    '{company} has a new Onramp subscription. Activate it to create your organization, choose the region where its data lives, and become its first administrator.',
  'email.activation.summary': 'Your subscription',
  'email.activation.trial': 'Trial: {days} days, with no charges.',
  'email.activation.paid': 'Paid subscription: rate plan {ratePlan}, billed in {currency}.',
  'email.activation.product': '{name} × {quantity}',
  'email.activation.button': 'Activate',
  'email.activation.expiry': 'This link works once and expires on {date}.',
  'email.activation.help':
    'If the link has expired or does not work, request a new activation email at {requestUrl}. Questions about your subscription? Contact your sales representative.',

  'email.invitation.subject': '{inviter} invited you to {organization} on Onramp',
  'email.invitation.greeting': 'Hello,',
  'email.invitation.intro':
    '{inviter} ({inviterEmail}) invited you to join {organization} on Onramp as {role}.',
  'email.invitation.role.admin': 'an administrator',
  'email.invitation.role.user': 'a user',
  'email.invitation.button': 'Accept the invitation',
  'email.invitation.expiry': 'This invitation works once and expires on {date}.',
  'email.invitation.help':
    'Not expecting this? You can ignore this email. If the link has expired, ask {inviter} to send a new invitation.',
  'email.invitation.facts.organization': 'Organization',
  'email.invitation.facts.shortName': 'Organization short name',

  'email.passwordReset.subject': 'Reset your Onramp password',
  'email.passwordReset.intro':
    'Someone asked to reset the Onramp password of {email}. Choose a new password here:',
  'email.passwordReset.button': 'Choose a new password',
  'email.passwordReset.buttonFor': 'Choose a new password for {name}',
  'email.passwordReset.expiry':
    'The link works once and expires on {date}. Setting a new password signs you out everywhere.',
  'email.passwordReset.help': 'Did not ask? Ignore this email; your password stays as it is.',
  'email.nameReminder.subject': 'Your Onramp organizations',
  'email.nameReminder.intro':
    'You asked which Onramp organizations {email} belongs to. Sign in with one of these short names:',
  'email.nameReminder.item': '{name}: short name {shortName}, region {region}, sign in at {loginUrl}',
  'email.nameReminder.help': 'Did not ask? You can ignore this email; nothing has changed.',

  'email.thankYou.subject': 'Thank you for activating Onramp features',
  'email.thankYou.greeting': 'Hello {name},',
  'email.thankYou.body':
    'Thank you for activating {organization}. Our CX specialist has checked that every feature of your subscription is active and that billing matches it.',
  'email.thankYou.next': 'A second email, "Welcome to Onramp", follows with the links you will need.',

  'email.welcome.subject': 'Welcome to Onramp',
  'email.welcome.greeting': 'Hello {name},',
  'email.welcome.intro': 'Your organization {organization} is activated and ready to use.',
  'email.welcome.facts.loginUrl': 'Sign-in address',
  'email.welcome.facts.organizationId': 'Organization ID',
  'email.welcome.facts.shortName': 'Short name',
  'email.welcome.facts.region': 'Region',
  'email.welcome.signIn': 'Sign in',
  'email.welcome.gettingStartedTitle': 'Getting started',
  'email.welcome.gettingStarted':
    'Sign in at {loginUrl} with your email and the short name {shortName}. Your home page shows your products, their features and your billing.',
  'email.welcome.inviteTitle': 'Inviting people',
  'email.welcome.invite':
    'On your home page, under People, enter a colleague’s email and role and select "Send invitation". Each invitation link works once, for 30 days.',
  'email.welcome.supportTitle': 'Support',
  'email.welcome.support':
    'Need help? Write to {supportEmail} and quote your Organization ID {organizationId}.',
} as const;
