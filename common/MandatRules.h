#pragma once

#include "Mandat.h"

/// The states of a mandat (reference/aidants-connect.md § Mandat and autorisations), as pure
/// functions of the mandat and the time, shared by the server and the client's offline cache.
namespace MandatRules {

enum class State { Active, Expired, Revoked };

constexpr qint64 kDayMs = 24LL * 3600 * 1000;
/// A mandat expired or revoked for longer than this is hidden.
constexpr qint64 kHiddenAfterMs = 365 * kDayMs;
/// "Expiring soon" for the Mes mandats banner and filter.
constexpr qint64 kExpiringSoonMs = 30 * kDayMs;

/// Revoked when every autorisation is revoked; otherwise expired once expiresAtMs has passed.
State state(const MandatInfo &mandat, qint64 nowMs);
/// When the mandat stopped being active (revocation of its last autorisation, or expiry); 0 if active.
qint64 endedAtMs(const MandatInfo &mandat, qint64 nowMs);
/// Expired or revoked for more than 365 days.
bool isHidden(const MandatInfo &mandat, qint64 nowMs);
/// Renewable while not hidden.
bool isRenewable(const MandatInfo &mandat, qint64 nowMs);
/// Active and expiring within 30 days.
bool isExpiringSoon(const MandatInfo &mandat, qint64 nowMs);
/// An autorisation can be revoked while the mandat is active and it is not revoked yet.
bool canRevoke(const MandatInfo &mandat, const AutorisationInfo &autorisation, qint64 nowMs);
QString stateLabel(State state); ///< French: « Actif », « Expiré », « Révoqué »

} // namespace MandatRules
