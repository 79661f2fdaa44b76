//! The validation report: what the browser shows beside each field and what the server answers
//! with a 422. Both render it from this module, so the wording never differs between them.

use serde::{Deserialize, Serialize};

/// Whether an entry blocks submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks submission.
    Error,
    /// Only advises; the application is still accepted.
    Warning,
}

/// The languages a message is rendered in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    ZhCn,
    En,
}

impl Lang {
    /// Picks the language from an HTTP `Accept-Language` value: the highest-weighted tag that we
    /// speak wins, and anything else falls back to zh-CN, the language of these forms.
    pub fn from_accept_language(header: &str) -> Lang {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut pieces = part.split(';');
            let tag = pieces.next().unwrap_or("").trim().to_ascii_lowercase();
            let weight = pieces
                .find_map(|p| p.trim().strip_prefix("q="))
                .and_then(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            let lang = if tag == "en" || tag.starts_with("en-") {
                Lang::En
            } else if tag == "zh" || tag.starts_with("zh-") {
                Lang::ZhCn
            } else {
                continue;
            };
            if best.is_none_or(|(w, _)| weight > w) {
                best = Some((weight, lang));
            }
        }
        best.map(|(_, l)| l).unwrap_or_default()
    }
}

macro_rules! codes {
    ($($variant:ident = $code:literal, $sev:ident, [$($param:literal),*], $zh:literal, $en:literal;)*
     ; $($sv:ident = $scode:literal, $ssev:ident, [$($sparam:literal),*], $szh:literal, $sen:literal;)*) => {
        /// A stable identifier for each rule outcome. The string form (`code`) is part of the API.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code { $($variant,)* $($sv,)* }

        impl Code {
            /// Every code, for tests that render the whole catalog.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)* $(Code::$sv,)*];

            /// The stable string form used in the API.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* $(Code::$sv => $scode,)* }
            }

            /// Looks a code up by its string form.
            pub fn parse(code: &str) -> Option<Code> {
                match code { $($code => Some(Code::$variant),)* $($scode => Some(Code::$sv),)* _ => None }
            }

            /// Whether this outcome blocks submission.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$sev,)* $(Code::$sv => Severity::$ssev,)* }
            }

            /// The names of the parameters its message needs.
            pub fn params(self) -> &'static [&'static str] {
                match self { $(Code::$variant => &[$($param),*],)* $(Code::$sv => &[$($sparam),*],)* }
            }

            /// The message template, with `{name}` placeholders for the entry's parameters.
            /// One table per language, chosen inline: the browser asks only for Chinese, and
            /// the English table then never reaches its wasm.
            #[inline(always)]
            pub fn template(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::ZhCn => self.template_zh(),
                    Lang::En => self.template_en(),
                }
            }

            fn template_zh(self) -> &'static str {
                match self { $(Code::$variant => $zh,)* $(Code::$sv => Self::server_zh($szh),)* }
            }

            fn template_en(self) -> &'static str {
                match self { $(Code::$variant => $en,)* $(Code::$sv => $sen,)* }
            }
        }
    };
}

impl Code {
    /// The words of a code only the server raises (about requests, calls, reviewers, quotas).
    /// The browser's rules never raise one, and it shows the server's answers in the words the
    /// server sent, so its wasm leaves them out (about 1 kB gzip) and says only that the server answered with an error.
    #[inline(always)]
    fn server_zh(words: &'static str) -> &'static str {
        if cfg!(target_arch = "wasm32") {
            "服务器返回了错误"
        } else {
            words
        }
    }
}

codes! {
    Required = "required", Error, [], "请填写此项", "This field is required";
    TooLong = "too_long", Error, ["actual", "max"], "不能超过{max}个字（现有{actual}个）", "Must be at most {max} characters (now {actual})";
    ControlChar = "control_char", Error, [], "含有不可见的控制字符，请删除后重新输入", "Contains invisible control characters; please retype it";
    InvalidType = "invalid_type", Error, ["expected"], "格式不正确：应为{expected}", "Wrong type: expected {expected}";
    InvalidValue = "invalid_value", Error, [], "不是可选的值", "Not one of the allowed values";
    UnknownField = "unknown_field", Error, [], "表单中没有此项", "This form has no such field";
    TooManyItems = "too_many_items", Error, ["max"], "最多只能填写{max}项，请删去多余的", "At most {max} entries; remove the rest";
    UnknownProgram = "unknown_program", Error, [], "没有此申报项目类别", "No such program";
    CreditCodeLength = "credit_code_length", Error, ["actual"], "统一社会信用代码应为18位（现有{actual}位）", "A unified social credit code has 18 characters (now {actual})";
    CreditCodeChar = "credit_code_char", Error, ["char", "position"], "统一社会信用代码第{position}位“{char}”不是有效字符", "Character {position} of the credit code, “{char}”, is not allowed";
    CreditCodeCheck = "credit_code_check", Error, [], "统一社会信用代码校验位不正确，请核对是否有输错的字符", "The credit code's check character does not match; please look for a mistyped character";
    CreditCodeOrgCheck = "credit_code_org_check", Error, [], "统一社会信用代码第9–17位（组织机构代码）校验不正确", "Characters 9–17 of the credit code (the organization code) fail their check";
    CreditCodeAuthority = "credit_code_authority", Error, ["char"], "统一社会信用代码第1位“{char}”不是登记管理部门代码", "The first character of the credit code, “{char}”, is no registration authority";
    OrgCode = "org_code", Error, [], "组织机构代码应为8位数字或大写字母加1位校验码，例如 MA5U7K8T-4", "An organization code has 8 digits or capitals and a check character, e.g. MA5U7K8T-4";
    OrgCodeMismatch = "org_code_mismatch", Error, ["expected"], "组织机构代码与统一社会信用代码第9–17位（{expected}）不一致", "The organization code differs from characters 9–17 of the credit code ({expected})";
    PhoneAreaCode = "phone_area_code", Error, [], "请加上区号，例如 0351-7680158", "Add the area code, e.g. 0351-7680158";
    MobileSegment = "mobile_segment", Warning, ["segment"], "{segment}号段目前未分配给手机用户，请核对", "The {segment} range is not assigned to mobile users; please check";
    PostalRegion = "postal_region", Warning, ["province"], "邮政编码与{province}不符，请核对", "The postal code does not match {province}; please check";
    MonthInFuture = "month_in_future", Error, ["month"], "不能晚于本月（{month}）", "Cannot be later than this month ({month})";
    PersonName = "person_name", Error, [], "姓名只能包含汉字、字母、空格和间隔号“·”", "A name may contain only characters, letters, spaces and the middle dot “·”";
    StandardNumber = "standard_number", Error, [], "标准编号格式不正确，例如 GB/T 1.1-2020、DB50/T 123-2021、T/CAS 123-2021、ISO 9001:2015", "Not a standard number, e.g. GB/T 1.1-2020, DB50/T 123-2021, T/CAS 123-2021, ISO 9001:2015";
    StandardPrefix = "standard_prefix", Error, ["prefix"], "“{prefix}”不是国家、行业、地方、团体或企业标准的代号，也不是国际或国外标准组织的代号", "“{prefix}” is no code of a national, industry, local, group or enterprise standard, nor of an international or foreign standards body";
    StandardProvince = "standard_province", Error, ["code"], "地方标准代号 DB{code} 中的“{code}”不是省级行政区划代码", "In the local standard code DB{code}, “{code}” is no province code";
    StandardTier = "standard_tier", Error, ["expected", "tier"], "编号表明这是{expected}，请核对标准层级", "The number says this is a {tier} standard; please check the tier";
    PostalCode = "postal_code", Error, [], "邮政编码应为6位数字", "A postal code has 6 digits";
    Phone = "phone", Error, [], "电话号码格式不正确，例如 023-60350927、0356-2028091 或 13812345678", "Not a valid phone number, e.g. 023-60350927, 0356-2028091 or 13812345678";
    Mobile = "mobile", Error, [], "手机号码应为以1开头的11位数字", "A mobile number has 11 digits starting with 1";
    Email = "email", Error, [], "电子邮箱格式不正确，例如 name@example.cn", "Not a valid e-mail address, e.g. name@example.cn";
    YearMonth = "year_month", Error, ["example"], "应为年月，例如 {example}", "Must be a year and month, e.g. {example}";
    Date = "date", Error, ["example"], "应为日期，例如 {example}", "Must be a date, e.g. {example}";
    DateInFuture = "date_in_future", Error, ["today"], "不能晚于今天（{today}）", "Cannot be later than today ({today})";
    TermOrder = "term_order", Error, [], "结束年月不能早于开始年月", "The end cannot be before the start";
    TermTooLong = "term_too_long", Error, ["max", "months"], "项目期限为{months}个月，不能超过{max}个月", "The term is {months} months; it may be at most {max}";
    TermLong = "term_long", Warning, ["max", "months"], "项目周期为{months}个月，通知规定一般为{max}个月，请核对", "The term is {months} months; the notice sets it at usually {max}";
    TermShort = "term_short", Warning, ["min", "months"], "项目期限为{months}个月，通知规定为{min}个月，请核对", "The term is {months} months; the notice sets {min}";
    WholeNumber = "whole_number", Error, [], "应为整数，例如 3", "Must be a whole number, e.g. 3";
    StaffCount = "staff_count", Error, ["max", "min"], "应为{min}到{max}之间的整数", "Must be a whole number from {min} to {max}";
    PlanStages = "plan_stages", Error, ["stages"], "推进计划应依次包括：{stages}", "The plan must have these stages in order: {stages}";
    StageOrder = "stage_order", Error, [], "阶段结束年月不能早于开始年月", "A stage cannot end before it starts";
    StageOutsideTerm = "stage_outside_term", Error, ["end", "start"], "阶段时间应在项目年限（{start} 至 {end}）之内", "The stage must lie within the term ({start} to {end})";
    StageOverlap = "stage_overlap", Warning, ["previous_end"], "与上一阶段（结束于{previous_end}）时间重叠；如各阶段确有交叉可保留，否则请核对起止时间", "Overlaps the previous stage, which ends {previous_end}; keep it if the stages do run side by side, otherwise check the dates";
    StageGap = "stage_gap", Warning, ["previous_end"], "与上一阶段（结束于{previous_end}）之间有空档", "Leaves a gap after the previous stage, which ends {previous_end}";
    DeclarationRequired = "declaration_required", Error, [], "须确认此项声明才能申报", "This declaration must be affirmed to apply";
    ConsentRequired = "consent_required", Error, [], "须同意个人信息处理说明才能提交", "You must agree to how personal information is handled before submitting";
    IneligibleAccident = "ineligible_accident", Error, [], "近三年发生重大质量、安全、环境保护等事故的单位不符合申报条件", "Units with a major quality, safety or environmental accident in the last three years are not eligible";
    RegionParticipation = "region_participation", Error, ["min", "percent"], "参与单位占同行业单位总数的{percent}%，应不少于{min}%", "Participating units are {percent}% of the same-industry units; at least {min}% are required";
    RegionTotal = "region_total", Error, [], "参与单位数不能多于同行业单位总数", "Participating units cannot outnumber all same-industry units";
    PriorVerdict = "prior_verdict", Error, ["required"], "示范项目须以验收结论为“{required}”的国家级试点为基础", "A demonstration must build on a national pilot whose verdict was “{required}”";
    PriorTooRecent = "prior_too_recent", Error, ["latest", "months"], "试点评估合格须满{months}个月，评估合格通知应在{latest}或以前印发", "The pilot must have passed its evaluation at least {months} months ago, on or before {latest}";
    GroupPilotNotSociety = "group_pilot_not_society", Error, ["kind"], "团体标准培育试点须由社会团体申报；统一社会信用代码表明申报单位是{kind}，不能申报此类试点", "A group-standard pilot is for a social organization; the credit code says the applicant is a {kind}, which may not apply for it";
    GroupPilotNotSocialOrg = "group_pilot_not_social_org", Warning, [], "团体标准培育试点应由能够牵头组织实施团体标准的社会团体申报，统一社会信用代码一般以51（社会团体）或13（群众团体）开头，请核对", "A group-standard pilot is led by a social organization able to lead group standards, whose credit code usually starts 51 or 13; please check";
    OutsideHomeProvince = "outside_home_province", Warning, ["home", "province"], "统一社会信用代码显示登记地在{province}，本项目要求在{home}注册登记，请核对", "The credit code shows registration in {province}; this program requires registration in {home}";
    NotGovernmentLed = "not_government_led", Warning, [], "社会管理与公共服务综合标准化试点应由政府主导的机构或者组织承担，统一社会信用代码一般以11（机关）或12（事业单位）开头，请核对", "Social-management and public-service pilots are led by government bodies, whose credit codes usually start 11 or 12; please check";
    ConsentMissing = "consent_missing", Error, [], "须经该单位同意才能申报", "This unit must agree before the application is made";
    BelowMinimum = "below_minimum", Error, ["min"], "不能少于{min}", "Must be at least {min}";
    PlanKindMissing = "plan_kind_missing", Warning, ["kinds"], "工作步骤尚未包括：{kinds}，请核对", "The work plan does not cover {kinds} yet; please check";
    AttachmentMissing = "attachment_missing", Error, [], "请上传此附件", "Please attach this file";
    AttachmentFormat = "attachment_format", Error, [], "附件应为 PDF、DOCX、DOC、WPS 或 OFD 文件，或 JPG、PNG 扫描件（按文件内容识别）", "The file must be PDF, DOCX, DOC, WPS or OFD, or a JPG or PNG scan (judged by its content)";
    AttachmentTooLarge = "attachment_too_large", Error, ["max"], "附件不能超过 {max}", "The file must be at most {max}";
    UnknownUnit = "unknown_unit", Error, [], "不是本批次的受理单位，请从列表中选择", "Not a receiving unit of this call; choose one from the list";
    ChannelUnit = "channel_unit", Error, ["unit"], "{unit}不受理经所选报送渠道报送的申请，请核对报送渠道或受理单位", "{unit} does not receive applications sent through the chosen channel; check the channel or the receiving unit";
    UnknownDomain = "unknown_domain", Error, [], "不是本项目的申报领域", "Not a domain of this program";
    UnknownSubArea = "unknown_sub_area", Error, [], "不是所选领域的重点方向", "Not a focus area of the chosen domain";
    NotLegalPerson = "not_legal_person", Error, ["kind", "need"], "统一社会信用代码显示为{kind}，不具有法人资格；{need}", "The credit code shows a {kind}, which is not a legal person; this program requires one";
    DomainPilotOnly = "domain_pilot_only", Error, ["domain"], "{domain}领域只征集试点项目，不设示范项目", "The {domain} field calls for pilots only, not demonstrations";
    // Raised by the server only: see `template_zh`.
    ;
    CorrectionCall = "correction_call", Error, ["call"], "修改后的申请须属于原来的申报项目和批次（{call}）", "A correction must stay in its program and call ({call})";
    TooManyVersions = "too_many_versions", Error, ["max"], "这份申请已修改过{max}次，不能再在线修改；如需更正请联系受理单位", "This application has been corrected {max} times and can no longer be corrected online; contact the receiving unit";
    VersionsTooLarge = "versions_too_large", Error, ["max"], "这份申请各版本保存的附件已达{max}，不能再在线修改；如需更正请联系受理单位", "The files kept for this application's versions reached {max}; it can no longer be corrected online; contact the receiving unit";
    CorrectionConflict = "correction_conflict", Error, [], "这份申请刚刚已被另一次修改替换，请重新打开后再修改", "This application was just replaced by another correction; open it again first";
    UnknownCall = "unknown_call", Error, [], "没有此申报批次，或它不属于所选项目", "No such call for this program";
    CallClosed = "call_closed", Error, ["closes"], "本批次申报已于{closes}截止，不再受理", "This call closed at {closes}; applications are no longer accepted";
    CallNotOpen = "call_not_open", Error, ["opens"], "本批次申报将于{opens}开始受理", "This call opens at {opens}";
    CallNotScheduled = "call_not_scheduled", Error, [], "本批次申报的受理时间尚未公布，暂不受理", "This call's window has not been set yet; applications are not accepted yet";
    MalformedMultipart = "malformed_multipart", Error, ["detail"], "提交的表单数据格式不正确：{detail}", "The multipart body is malformed: {detail}";
    UnexpectedPart = "unexpected_part", Error, ["name"], "提交的表单数据中有本表不收的部分“{name}”", "The multipart body has a part this form does not take: “{name}”";
    DuplicatePart = "duplicate_part", Error, ["name"], "提交的表单数据中“{name}”出现了不止一次", "The multipart body has the part “{name}” more than once";
    BodyRead = "body_read", Error, [], "提交的内容未能完整接收，申请未保存，请重新提交", "The body could not be read in full; nothing was saved. Please send it again";
    BodyTimeout = "body_timeout", Error, [], "提交的内容传输停顿过久，申请未保存，请检查网络后重新提交", "The body stalled for too long; nothing was saved. Check the connection and send it again";
    MoreErrors = "more_errors", Error, ["count"], "另有{count}处错误未列出，请先改正以上各项", "{count} more errors are not listed; correct these first";
    MalformedJson = "malformed_json", Error, ["detail"], "提交的内容不是有效的 JSON：{detail}", "The body is not valid JSON: {detail}";
    BodyTooLarge = "body_too_large", Error, ["max"], "提交的内容超过 {max} 的上限", "The body is larger than the limit of {max}";
    UnsupportedMediaType = "unsupported_media_type", Error, [], "请以 application/json 格式提交", "Send the application as application/json";
    NotFound = "not_found", Error, ["what"], "没有找到：{what}", "Not found: {what}";
    Unauthorized = "unauthorized", Error, [], "请先登录：登录已过期或令牌无效", "Sign in: the session ended, or the reviewer token is not valid";
    SignInFailed = "sign_in_failed", Error, [], "账号、密码或动态验证码不正确", "The account, password or code is not right";
    SignInLocked = "sign_in_locked", Error, ["seconds"], "登录失败次数过多，请{seconds}秒后再试", "Too many failed sign-ins; try again in {seconds} seconds";
    BadQuery = "bad_query", Error, ["detail"], "查询条件有误：{detail}", "Bad query: {detail}";
    QuotaFull = "quota_full", Error, ["quota", "max", "filled", "or_zh", "or_en"], "“{quota}”的推荐名额（{max}项）已满：{filled}。请先撤销其中一项的推荐{or_zh}", "The quota “{quota}” ({max}) is full: {filled}. Withdraw one of them first{or_en}";
    RecommendNeedsUnit = "recommend_needs_unit", Error, [], "只有受理单位的审核人员可以推荐；此账号未指定受理单位", "Only a receiving unit's reviewer may recommend; this account has no unit";
    NotInChain = "not_in_chain", Error, ["unit"], "“{unit}”不在本批次的推荐链中，不能办理此申请", "“{unit}” is not in this call's chain and cannot act on this application";
    RecommendClosed = "recommend_closed", Error, ["by"], "本单位的推荐截止时间（{by}）已过，不能再推荐、撤销、退回或填写意见", "This unit's time to recommend ended at {by}: it can no longer recommend, withdraw, return or write its opinion";
    Decided = "decided", Error, [], "该申请已作出立项决定，推荐、意见、专家评审和修改都不能再更改", "This application has been decided: its recommendations, opinions, experts' reviews and contents can no longer change";
    VersionChanged = "version_changed", Error, ["version"], "该申请已更新为第{version}版，请重新打开查看后再办理", "This application is now version {version}: open it again before acting on it";
    Returned = "returned", Error, [], "该申请已退回补正，申请人改正后才能推荐或作出决定", "This application was returned to its applicant: it can be recommended or decided only once corrected";
    DecisionChangeReason = "decision_change_reason", Error, [], "更改已作出的决定，须说明理由", "Changing a decision needs a reason";
    NoExperts = "no_experts", Error, ["unit"], "“{unit}”在本批次的推荐链中没有专家评审环节，不能分配专家", "“{unit}” has no expert review in this call's chain and cannot assign experts";
    ReceivingFixed = "receiving_fixed", Error, ["unit"], "退回补正期间或申报截止后不能更改受理单位（应为“{unit}”）", "The receiving unit cannot change while returned or after the call closed (it is “{unit}”)";
    CrossSite = "cross_site", Error, [], "不接受从其他网站发出的提交或操作，请在本系统或其授权的门户网站页面上办理", "A change sent from another site is refused: use this system's pages or a portal it allows";
    DeciderDecides = "decider_decides", Error, [], "本单位是本批次的决定单位，请作出立项决定，而不是向上推荐", "This unit decides in this call: decide rather than recommend";
    NotDecider = "not_decider", Error, [], "只有本批次的决定单位可以作出立项决定", "Only the call's deciding unit may decide";
    DecisionValue = "decision_value", Error, [], "决定应为 approved（立项）或 rejected（不予立项）", "The decision is approved or rejected";
    ExpertOnly = "expert_only", Error, [], "专家账号只能对分配给自己的申请打分和填写评审意见", "An expert's account only scores and reviews what was assigned to it";
    UnknownExpert = "unknown_expert", Error, ["experts"], "不是本单位的评审专家；可选：{experts}", "Not an expert of this unit; its experts: {experts}";
    NotAssigned = "not_assigned", Error, [], "此申请没有分配给您评审", "This application was not assigned to you";
    Score = "score", Error, [], "评分应为0到100的整数", "The score is a whole number from 0 to 100";
    ReturnNotReceiver = "return_not_receiver", Error, [], "只有受理该申请的单位可以退回补正", "Only the unit that received it may return it to the applicant";
    CorrectBy = "correct_by", Error, ["by"], "补正期限应晚于现在，且不晚于本单位的推荐截止时间{by}（如 2026-12-20 或 2026-12-20T17:30）", "The date to correct by is after now and no later than this unit's time to recommend, {by} (e.g. 2026-12-20 or 2026-12-20T17:30)";
    CorrectByPassed = "correct_by_passed", Error, ["by"], "补正期限已于{by}截止，不再接受修改", "The time to correct it ended at {by}; corrections are no longer accepted";
    UnknownBlock = "unknown_block", Error, ["blocks"], "本单位的意见填写在：{blocks}", "This unit's opinion goes in: {blocks}";
    TooManyRequests = "too_many_requests", Error, ["seconds"], "提交过于频繁，申请未保存，请{seconds}秒后再提交", "Too many submissions from this address; nothing was saved. Send it again in {seconds} seconds";
    Busy = "busy", Error, [], "服务器正忙，申请未保存，请稍后再提交", "The server is busy; nothing was saved. Please send it again shortly";
    StorageFull = "storage_full", Error, [], "服务器存储空间已满，本次申请未保存，请稍后再提交；已提交的申请不受影响", "The server's storage is full; this application was not saved. Please send it again later; applications already submitted are safe";
    Internal = "internal", Error, [], "服务器内部错误，申请未保存，请稍后重试", "Internal server error; nothing was saved. Please try again later";
    IdempotencyKey = "idempotency_key", Error, [], "Idempotency-Key 应为1到100个字母、数字或 - _ . : 字符", "An Idempotency-Key has 1 to 100 letters, digits or - _ . :";
    IdempotencyKeyReused = "idempotency_key_reused", Error, [], "这个提交编号已用于内容不同的另一次提交；如申请已提交，请以回执编号为准，否则请刷新页面后重新提交", "This Idempotency-Key was already used for different content";
}

/// One finding of the rules, before it is put into words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Issue {
    /// Dotted path of the field, with 0-based array indexes (`plan.1.end`).
    pub path: String,
    pub code: Code,
    /// Named values for the message template.
    pub params: Vec<(&'static str, String)>,
}

impl Issue {
    pub fn new(path: impl Into<String>, code: Code) -> Issue {
        Issue {
            path: path.into(),
            code,
            params: Vec::new(),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl ToString) -> Issue {
        self.params.push((name, value.to_string()));
        self
    }

    pub fn severity(&self) -> Severity {
        self.code.severity()
    }

    /// Fills the code's template with this entry's parameters. Inline for the reason
    /// [`Code::template`] is.
    #[inline(always)]
    pub fn message(&self, lang: Lang) -> String {
        self.fill(self.code.template(lang))
    }

    fn fill(&self, template: &str) -> String {
        let mut out = template.to_owned();
        for (name, value) in &self.params {
            out = out.replace(&format!("{{{name}}}"), value);
        }
        out
    }

    /// The wire form, in one language.
    pub fn render(&self, lang: Lang) -> Entry {
        Entry {
            path: self.path.clone(),
            code: self.code.as_str().to_owned(),
            severity: self.severity(),
            message: self.message(lang),
        }
    }
}

/// The wire form of an entry: `{"path","code","severity","message"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub severity: Severity,
    pub message: String,
}

/// Everything the rules found in one application, in the order of the form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    pub issues: Vec<Issue>,
}

impl Report {
    /// True when nothing blocks submission (warnings may remain).
    pub fn is_valid(&self) -> bool {
        self.errors().next().is_none()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity() == Severity::Error)
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Issue> {
        self.issues
            .iter()
            .filter(|i| i.severity() == Severity::Warning)
    }

    pub fn render(&self, lang: Lang) -> Vec<Entry> {
        self.issues.iter().map(|i| i.render(lang)).collect()
    }
}
