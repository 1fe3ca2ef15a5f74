/// A sound scenario exercising most fields; the broken cases below edit it line by line.
/// Line numbers matter: the tests point at them.
let baseYAML = #"""
name: base
horizon:
  start_year: 2026
  end_year: 2027
  terms_per_year: 2
  milestones: [2027]
calendar:
  term_dates:
    - {start: "01-05", end: "06-30"}
    - {start: "08-15", end: "12-20"}
  days: [mon, tue, wed, thu, fri, sat]
  periods:
    - {id: morning, start: "07:30", end: "11:00", lessons: 4}
    - {id: evening, start: "18:00", end: "20:30", lessons: 3}
  holidays: ["2026-09-03", "2027-02-01..2027-02-03"]
  use_default_holidays: true
policy:
  max_share_in_training: 0.3
exams:
  fee_per_candidate_vnd: 1_800_000
  seats_per_term: 500
segments:
  - id: young
    tags: [cbcc, under40]
    headcount: [10, 20, 30, 40, 0, 0, 0]
    demography:
      attrition: 0.02
      transfers: [{to: old, share: 0.05}]
      recruits_per_year: 5
      recruit_levels: {2: 0.5, 3: 0.5}
    priority: 1
    preferred_windows: ["*.evening", sat]
  - id: old
    tags: [cbcc]
    headcount: {0: 50, 3: 50}
courses:
  - id: a1
    from_level: 0
    to_level: 1
    hours: 150
    modes:
      - {mode: in_person, pass_rate: 0.8, class_size_min: 20, class_size_max: 30, sessions_per_week: 3}
  - id: a2
    from_level: 1
    to_level: 2
    hours: 150
    modes:
      - {mode: online, pass_rate: 0.7, class_size_min: 20, class_size_max: 35, sessions_per_week: 2}
  - id: b1
    from_level: 2
    to_level: 3
    hours: 200
    modes:
      - {mode: self_study, pass_rate: 0.4, cost_per_learner_vnd: 3_000_000}
  - id: b2
    from_level: 3
    to_level: 4
    hours: 200
    terms: 2
    modes:
      - {mode: in_person, pass_rate: 0.75, class_size_min: 25, class_size_max: 35, sessions_per_week: 3, cost_per_class_vnd: 10_000_000}
institutions:
  - id: school
    modes: [in_person, online]
    online_classes_max: 10
    rooms:
      - {id: hall, count: 2, seats: 35, unavailable: [sun]}
    teachers:
      - {id: t, count: 4, max_level: 5, hours_per_term: 300, pay_per_period_vnd: 450_000}
payers:
  - {id: state, funds: {all: [cbcc]}}
  - {id: learner, funds: {}, modes: [self_study]}
budgets:
  - {payer: state, years: {2026: 500_000_000, 2027: 500_000_000}}
  - {payer: learner, open: true}
targets:
  - id: b2
    filter: {all: [cbcc]}
    level: 4
    milestones: {2027: 0.3}
  - id: young
    filter: {all: [under40]}
    level: 3
    milestones: {2027: 0.6}
    weight: 2
history:
  - {target: b2, year: 2025, share: 0.1}
"""#
