#pragma once

#include "WireTypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

/// Mandat durations (reference/aidants-connect.md § Durations). Expiry = creation + days.
struct MandatDuration
{
    QString keyword; ///< SHORT, MONTH, SEMESTER, LONG
    int days = 0;
    QString label; ///< French, as users know it
    QString printed; ///< French, for the printed mandat ("pour une durée de …")
};

namespace MandatDurations {
const QList<MandatDuration> &all();
const MandatDuration *find(const QString &keyword);
} // namespace MandatDurations

/// The usager as FranceConnect identified them; claims kept verbatim in FranceConnect's formats.
struct UsagerIdentity
{
    qint64 id = 0;
    QString givenName;
    QString familyName;
    QString preferredUsername;
    QString birthdate; ///< YYYY-MM-DD, or presumed YYYY-MM-00 / YYYY-00-00
    QString gender; ///< female, male or unspecified
    QString birthplace; ///< INSEE COG code, empty when born abroad
    QString birthcountry; ///< INSEE COG code, 99100 = France
    QString email;
    QString phone;

    /// "Angela Claire Louise DUBOIS", as the service writes it.
    QString fullName() const;
    bool isValid() const { return id > 0; }
    QJsonObject toJson() const;
    static UsagerIdentity fromJson(const QJsonObject &json);
};

/// A mandat being created (POST /api/v1/mandat-drafts and GET /api/v1/mandat-drafts/{id}).
struct MandatDraftInfo
{
    /// pending: waiting for FranceConnect; identified: usager known, ready to sign;
    /// failed: FranceConnect did not identify the usager (see failureCode); signed; expired.
    QString id;
    QString state;
    QString failureCode; ///< stable code (docs/api.md), when state is failed
    QString failureMessage; ///< French, for the aidant
    QStringList demarches;
    QString duration;
    bool remote = false;
    qint64 expiresAtMs = 0;
    QString startUrl; ///< where the embedded browser starts the FranceConnect journey
    UsagerIdentity usager; ///< when identified

    QJsonObject toJson() const;
    static MandatDraftInfo fromJson(const QJsonObject &json);
};

struct AutorisationInfo
{
    qint64 id = 0;
    QString demarche;
    qint64 revokedAtMs = 0; ///< 0: not revoked

    QJsonObject toJson() const;
    static AutorisationInfo fromJson(const QJsonObject &json);
};

/// A signed mandat, with everything needed to print it again identically.
struct MandatInfo
{
    qint64 id = 0;
    OrganisationInfo organisation;
    qint64 aidantId = 0;
    QString aidantName;
    UsagerIdentity usager;
    QString usagerSubHash; ///< the salted hash of the FranceConnect sub (pseudonymous)
    QStringList demarches; ///< sorted codes
    QString duration; ///< keyword
    bool remote = false;
    qint64 createdAtMs = 0;
    qint64 expiresAtMs = 0;
    int templateVersion = 0;
    QString attestationHash;
    QString verifyUrl; ///< the URL of the printed QR code (carries the hash)
    QList<AutorisationInfo> autorisations;

    /// With @p parties false, the organisation and the usager are left out (the sync sends them once
    /// per page) and `usager_id` stands for the usager.
    QJsonObject toJson(bool parties = true) const;
    static MandatInfo fromJson(const QJsonObject &json);
};

/// The attestation hash printed on a mandat (docs/mandat.md § Attestation hash).
namespace Attestation {

/// The version of the printed document's template; part of the hash.
constexpr int kTemplateVersion = 1;

/// Compact JSON, keys sorted: created_at, demarches (sorted), duration, expires_at, mandat_id,
/// organisation_id, remote, template_version, usager_sub_hash. No name, no birthdate.
QByteArray canonicalContent(const MandatInfo &mandat);
/// Lower-case hex SHA-256 of canonicalContent().
QString hash(const MandatInfo &mandat);

} // namespace Attestation
