#pragma once

// What the files of IdentityProvider share (not part of its interface).

#include "ApiError.h"
#include "IdpRepository.h"

#include <QLoggingCategory>

#include <optional>

Q_DECLARE_LOGGING_CATEGORY(lcIdp)

namespace IdpInternal {

/// A request the aidant may still answer: neither answered nor expired.
inline bool isOpen(const std::optional<IdpRequestRecord> &request, qint64 nowMs)
{
    return request && request->completedAtMs == 0 && request->expiresAtMs > nowMs;
}

inline ApiError requestGone()
{
    return ApiError(404, QStringLiteral("idp_request_not_found"),
        QStringLiteral("Cette demande de connexion n'est plus valide. Recommencez depuis le site de la "
                       "démarche."));
}

inline ApiError noActiveAutorisation()
{
    return ApiError(403, QStringLiteral("no_active_autorisation"),
        QStringLiteral("Aucun mandat en cours ne vous permet de réaliser cette démarche pour cet usager."));
}

} // namespace IdpInternal
