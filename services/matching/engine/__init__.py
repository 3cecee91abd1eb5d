"""The matching engine: hard rules (`rules`), scoring (`features`, `scoring`), the exact solver
(`solver`, `candidates`, `duals`), reasons in words (`explain`) and a run's proposals (`proposals`).

Plain numpy and scipy over the domain models; no storage, no HTTP. scipy is imported only by the
solver modules, which only the events function loads.
"""
