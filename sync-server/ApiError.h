#pragma once

#include <QString>
#include <QUrl>

#include <stdexcept>

/// An error answered to an API client: HTTP status, stable code and French message (docs/api.md).
/// Thrown only inside request handling; ApiServer maps it to the JSON error body.
class ApiError : public std::runtime_error
{
public:
    ApiError(int status, QString code, QString message)
        : std::runtime_error(code.toStdString())
        , m_status(status)
        , m_code(std::move(code))
        , m_message(std::move(message))
    {
    }

    /// An error that also sends the browser somewhere (an OAuth error redirect to FranceConnect).
    ApiError withRedirect(const QUrl &redirect) const
    {
        ApiError copy = *this;
        copy.m_redirect = redirect;
        return copy;
    }

    int status() const { return m_status; }
    const QUrl &redirect() const { return m_redirect; }
    const QString &code() const { return m_code; }
    const QString &message() const { return m_message; }
    /// Seconds to send in `Retry-After` (429); 0: none.
    int retryAfterSeconds() const { return m_retryAfterSeconds; }

    static ApiError malformedJson()
    {
        return { 400, QStringLiteral("malformed_json"), QStringLiteral("La requête est mal formée.") };
    }
    static ApiError missingField(const QString &field)
    {
        return { 400, QStringLiteral("missing_field"),
            QStringLiteral("Le champ « %1 » est obligatoire.").arg(field) };
    }
    static ApiError invalidField(const QString &field)
    {
        return { 400, QStringLiteral("invalid_field"),
            QStringLiteral("Le champ « %1 » est invalide.").arg(field) };
    }
    static ApiError invalidCredentials()
    {
        return { 401, QStringLiteral("invalid_credentials"),
            QStringLiteral("Les informations saisies ne permettent pas de vous identifier.") };
    }
    static ApiError unauthenticated()
    {
        return { 401, QStringLiteral("unauthenticated"),
            QStringLiteral("Votre session a expiré. Veuillez vous reconnecter.") };
    }
    static ApiError sessionLocked()
    {
        return { 401, QStringLiteral("session_locked"),
            QStringLiteral("Votre session est verrouillée après une période d'inactivité. "
                           "Saisissez un nouveau code à 6 chiffres.") };
    }
    /// An attempt budget of the account is exhausted (docs/security.md): the code was not checked.
    static ApiError tooManyAttempts(int retryAfterSeconds)
    {
        const int minutes = qMax(1, (retryAfterSeconds + 59) / 60);
        const QString wait = minutes == 1 ? QStringLiteral("1 minute")
            : minutes < 120               ? QStringLiteral("%1 minutes").arg(minutes)
                                          : QStringLiteral("%1 heures").arg((minutes + 59) / 60);
        ApiError error { 429, QStringLiteral("too_many_attempts"),
            QStringLiteral("Trop de tentatives de connexion ont échoué pour ce compte. "
                           "Réessayez dans %1.")
                .arg(wait) };
        error.m_retryAfterSeconds = qMax(1, retryAfterSeconds);
        return error;
    }
    static ApiError notFound()
    {
        return { 404, QStringLiteral("not_found"), QStringLiteral("Cette ressource n'existe pas.") };
    }
    /// The caller is référent of no organisation (docs/referent.md).
    static ApiError notReferent()
    {
        return { 403, QStringLiteral("not_referent"),
            QStringLiteral("Cette action est réservée aux référents de la structure.") };
    }
    /// A rule of the service refuses the action (409): @p code names it, @p message explains it.
    static ApiError conflict(const QString &code, const QString &message) { return { 409, code, message }; }
    static ApiError payloadTooLarge()
    {
        return { 413, QStringLiteral("payload_too_large"),
            QStringLiteral("La requête est trop volumineuse.") };
    }
    /// The database cannot be reached for now (answered with a Retry-After header).
    static ApiError databaseUnavailable()
    {
        return { 503, QStringLiteral("database_unavailable"),
            QStringLiteral("Le service est momentanément indisponible. Veuillez réessayer dans quelques "
                           "instants.") };
    }
    static ApiError internal()
    {
        return { 500, QStringLiteral("internal_error"),
            QStringLiteral("Une erreur interne est survenue. Veuillez réessayer.") };
    }

private:
    int m_status;
    QString m_code;
    QString m_message;
    QUrl m_redirect;
    int m_retryAfterSeconds = 0;
};
