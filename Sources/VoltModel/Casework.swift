/// The casework of the panels: referrals, case status, meetings, actions, outcomes and the named
/// groups (peer groups, gangs, contexts) that are subjects in their own right. Subjects are
/// given by id: a person or a location (entities) or a named group.

/// The context of harm a referral or action names (Contextual Safeguarding): which must change
/// first. Order matters in a list: the first named weighs most (see `ContextWeights`).
public enum SafeguardingContext: String, Sendable, Codable, CaseIterable, Comparable {
    case child, family, peers, school, neighbourhood, online

    public static func < (a: Self, b: Self) -> Bool { a.order < b.order }
    private var order: Int { Self.allCases.firstIndex(of: self)! }

    /// Accepted values, for error messages.
    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A vocabulary of known values plus `custom:NAME`: case statuses and outcome types.
public protocol OpenVocabulary: RawRepresentable<String>, Hashable, Sendable, Codable, Comparable {
    /// The values every agency shares.
    static var known: [String] { get }
    init(unchecked: String)
}

extension OpenVocabulary {
    /// Reads a value: a known one (any case, spaces or hyphens as underscores), or
    /// `custom:NAME` with a non-empty name; nil otherwise.
    public init?(parsing text: String) {
        let t = String(text.trimmingSpaces.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 })
        if Self.known.contains(t) { self.init(unchecked: t); return }
        if t.hasPrefix("custom:"), t.count > 7 { self.init(unchecked: t); return }
        return nil
    }

    public init?(rawValue: String) { self.init(parsing: rawValue) }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// Accepted values, for error messages.
    public static var accepted: String { (known + ["custom:NAME"]).joined(separator: ", ") }
}

/// A case status held by an agency for a child: `cin`, `cp`, `cla`, ... or `custom:NAME`.
public struct CaseStatus: OpenVocabulary {
    public let rawValue: String
    public init(unchecked: String) { rawValue = unchecked }
    public static let known = ["csc_assessment", "cin", "cp", "cla", "care_leaver", "early_help", "yjs", "send", "ehcp",
                               "nrm", "mappa", "marac"]

    /// Statuses that mean "open to children's social care" (the cohort rule): an assessment,
    /// child in need, child protection, child looked after.
    public static let openToCSC: Set<String> = ["csc_assessment", "cin", "cp", "cla"]
    /// Whether this status means the child is open to children's social care.
    public var isOpenToCSC: Bool { Self.openToCSC.contains(rawValue) }
    /// Special educational needs (SEND or an EHC plan), for the referral demographics.
    public var isSEND: Bool { rawValue == "send" || rawValue == "ehcp" }
}

/// What came of the work: an arrest, a charge, an order, a CAWN, a Safe and Well check, ...
public struct OutcomeType: OpenVocabulary {
    public let rawValue: String
    public init(unchecked: String) { rawValue = unchecked }
    public static let known = ["arrest", "charge", "disruption_order", "cawn", "nrm_referral", "safe_and_well",
                               "exclusion", "police_report"]
    /// Outcomes panels report as "good news": action taken against exploitation.
    public var isDisruption: Bool { ["arrest", "charge", "disruption_order", "cawn"].contains(rawValue) }
}

/// The kind of a named group.
public enum GroupKind: String, Sendable, Codable, CaseIterable {
    case peerGroup = "peer_group", gang
    case schoolContext = "school_context"
    case neighbourhood

    /// Reads a kind; spaces and hyphens may stand for underscores.
    public init?(parsing text: String) {
        self.init(rawValue: String(text.trimmingSpaces.lowercased().map { $0 == " " || $0 == "-" ? "_" : $0 }))
    }

    /// Accepted values, for error messages.
    public static var accepted: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// A referral of a subject (a child, a place, a named group) to a panel or service.
public struct Referral: Hashable, Sendable, Codable {
    public var id: String
    /// The person, location or group referred.
    public var subject: String
    public var date: Timestamp
    /// The referring agency, lower case.
    public var agency: String
    public var reason: String?
    /// Theme entity ids.
    public var themes: [String] = []
    /// The contexts of harm named, most important first.
    public var contexts: [SafeguardingContext] = []
    /// The panel it was referred to (free text: `efh_tactical`, `mace`, ...).
    public var forum: String?
    public var outcome: String?
    public var referrer: String?

    /// A referral with its required fields.
    public init(id: String, subject: String, date: Timestamp, agency: String) {
        self.id = id
        self.subject = subject
        self.date = date
        self.agency = agency
    }
}

/// A spell of case status for a person: from a date, to a date or still open.
public struct StatusSpell: Hashable, Sendable, Codable {
    public var subject: String
    public var status: CaseStatus
    public var from: Timestamp
    /// nil while open.
    public var to: Timestamp?
    public var agency: String?
    /// The lead professional or team.
    public var lead: String?

    /// A spell with its required fields.
    public init(subject: String, status: CaseStatus, from: Timestamp, to: Timestamp? = nil) {
        self.subject = subject
        self.status = status
        self.from = from
        self.to = to
    }

    /// Whether the spell is open at `t`.
    public func isOpen(at t: Timestamp) -> Bool { from <= t && (to.map { $0 >= t } ?? true) }
}

/// A sitting of a panel.
public struct Meeting: Hashable, Sendable, Codable {
    public var id: String
    /// The panel (free text: `efh_tactical`, `roth_tactical`, `harm`, `mace`, ...).
    public var forum: String
    public var date: Timestamp
    public var chair: String?

    /// A meeting with its required fields.
    public init(id: String, forum: String, date: Timestamp, chair: String? = nil) {
        self.id = id
        self.forum = forum
        self.date = date
        self.chair = chair
    }
}

/// Where an action stands on a day: derived from its due and closed dates, never stored.
public enum ActionState: String, Sendable, Codable, CaseIterable {
    case open, done, overdue
}

/// An action agreed at a meeting about a subject, with an owner and perhaps a due date.
public struct PanelAction: Hashable, Sendable, Codable {
    public var id: String
    public var subject: String
    /// The meeting id that agreed it.
    public var meeting: String
    /// The agency (or person) who owns it.
    public var owner: String
    public var description: String
    public var due: Timestamp?
    /// When it was done; nil while open.
    public var closed: Timestamp?
    /// The decision it carries out (`step_down`, `escalate_mace`, `refer_csc`, `context_assessment`, ...).
    public var decision: String?
    /// The contexts it works on, most important first.
    public var contexts: [SafeguardingContext] = []

    /// An action with its required fields.
    public init(id: String, subject: String, meeting: String, owner: String, description: String) {
        self.id = id
        self.subject = subject
        self.meeting = meeting
        self.owner = owner
        self.description = description
    }

    /// Done once closed on or before `t`; overdue when open past its due date; open otherwise.
    public func state(at t: Timestamp) -> ActionState {
        if let closed, closed <= t { return .done }
        if let due, due.seconds / 86_400 < t.seconds / 86_400 { return .overdue }
        return .open
    }
}

/// Something that came of the work about a subject.
public struct Outcome: Hashable, Sendable, Codable {
    public var subject: String
    public var type: OutcomeType
    public var date: Timestamp
    public var agency: String
    public var reference: String?
    public var note: String?

    /// An outcome with its required fields.
    public init(subject: String, type: OutcomeType, date: Timestamp, agency: String) {
        self.subject = subject
        self.type = type
        self.date = date
        self.agency = agency
    }
}

/// A named group: a peer group, gang or context that is a subject in its own right.
public struct NamedGroup: Hashable, Sendable, Codable {
    public var id: String
    public var name: String
    public var kind: GroupKind?
    /// When volt first found the group in the network and gave it an id (nil: recorded by an agency).
    public var detectedAt: Timestamp?

    /// A group with a name.
    public init(id: String, name: String, kind: GroupKind? = nil) {
        self.id = id
        self.name = name
        self.kind = kind
    }
}

/// A person's membership of a named group over time.
public struct GroupMembership: Hashable, Sendable, Codable {
    public var group: String
    public var member: String
    public var from: Timestamp
    /// nil while a member.
    public var to: Timestamp?

    /// A membership from a date.
    public init(group: String, member: String, from: Timestamp, to: Timestamp? = nil) {
        self.group = group
        self.member = member
        self.from = from
        self.to = to
    }

    /// Whether the person is a member at `t`.
    public func holds(at t: Timestamp) -> Bool { from <= t && (to.map { $0 >= t } ?? true) }
}

/// Everything the panels record, as read from a store (small: thousands of rows, not millions).
public struct Casework: Sendable, Hashable {
    public var referrals: [Referral] = []
    public var statuses: [StatusSpell] = []
    public var meetings: [Meeting] = []
    public var actions: [PanelAction] = []
    public var outcomes: [Outcome] = []
    public var groups: [NamedGroup] = []
    public var memberships: [GroupMembership] = []

    /// Nothing yet.
    public init() {}

    /// The members of `group` at `t`.
    public func members(of group: String, at t: Timestamp) -> Set<String> {
        Set(memberships.filter { $0.group == group && $0.holds(at: t) }.map(\.member))
    }

    /// People open to children's social care at `t` (a spell of `csc_assessment`, `cin`, `cp`
    /// or `cla` open that day).
    public func openToCSC(at t: Timestamp) -> Set<String> {
        Set(statuses.filter { $0.status.isOpenToCSC && $0.isOpen(at: t) }.map(\.subject))
    }
}
