#include "MandatRules.h"

#include <algorithm>

namespace MandatRules {

namespace {
bool allRevoked(const MandatInfo &m)
{
    return !m.autorisations.isEmpty()
        && std::all_of(m.autorisations.begin(), m.autorisations.end(),
            [](const AutorisationInfo &a) { return a.revokedAtMs > 0; });
}

qint64 lastRevocation(const MandatInfo &m)
{
    qint64 last = 0;
    for (const AutorisationInfo &a : m.autorisations)
        last = qMax(last, a.revokedAtMs);
    return last;
}
} // namespace

State state(const MandatInfo &mandat, qint64 nowMs)
{
    if (allRevoked(mandat))
        return State::Revoked;
    if (mandat.expiresAtMs <= nowMs)
        return State::Expired;
    return State::Active;
}

qint64 endedAtMs(const MandatInfo &mandat, qint64 nowMs)
{
    switch (state(mandat, nowMs)) {
    case State::Active:
        return 0;
    case State::Revoked:
        // Revoked before expiry: the revocation ends it; revoked after: the expiry did.
        return qMin(lastRevocation(mandat), mandat.expiresAtMs);
    case State::Expired:
        return mandat.expiresAtMs;
    }
    return 0;
}

bool isHidden(const MandatInfo &mandat, qint64 nowMs)
{
    const qint64 ended = endedAtMs(mandat, nowMs);
    return ended > 0 && nowMs - ended > kHiddenAfterMs;
}

bool isRenewable(const MandatInfo &mandat, qint64 nowMs)
{
    return !isHidden(mandat, nowMs);
}

bool isExpiringSoon(const MandatInfo &mandat, qint64 nowMs)
{
    return state(mandat, nowMs) == State::Active && mandat.expiresAtMs - nowMs <= kExpiringSoonMs;
}

bool canRevoke(const MandatInfo &mandat, const AutorisationInfo &autorisation, qint64 nowMs)
{
    return state(mandat, nowMs) == State::Active && autorisation.revokedAtMs == 0;
}

QString stateLabel(State state)
{
    switch (state) {
    case State::Active:
        return QStringLiteral("Actif");
    case State::Expired:
        return QStringLiteral("Expiré");
    case State::Revoked:
        return QStringLiteral("Révoqué");
    }
    return {};
}

} // namespace MandatRules
