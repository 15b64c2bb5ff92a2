// A tiny mixed corpus for unit tests: English support queries, Chinese headlines, emoji.
export const corpus = [
  'I am still waiting on my card?',
  'What can I do if my card still hasn\'t arrived after 2 weeks?',
  'My card payment was declined at the shop.',
  'Why was my transfer declined? I need to pay my rent.',
  'Can I top up my account with a cheque?',
  'The payment is still pending, please help!',
  'Payments, payments, payments: where is my refund?',
  '中华女子学院：本科层次仅1专业招男生',
  '两天价网站背后重重迷雾：做个网站究竟要多少钱',
  '东5环海棠公社230-290平2居准现房98折优惠',
  '卡佩罗：告诉你德国脚生猛的原因 不希望英德战踢点球',
  '82岁老太为学生做饭扫地44年获授港大荣誉院士',
  '记者回访地震中可乐男孩：将受邀赴美国参观',
  'Great service 👍 thanks 😀😀',
  'Love it ❤️ 🇫🇷 👨‍👩‍👧',
];
