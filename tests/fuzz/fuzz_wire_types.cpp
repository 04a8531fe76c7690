// The JSON wire types (docs/api.md): every fromJson the client applies to the server's answers
// (SessionInfo, SyncPage, MandatDraftInfo, MandatInfo, IdpRequestInfo, IdpRedirect) and the types
// they nest. The input is a JSON document, as ApiClient receives it.
//
// Invariants: fromJson never fails on any object (wrong types read as empty); for the types with a
// toJson, toJson(fromJson(x)) is a fixed point, also through the wire (serialised and parsed
// again); the attestation hash of a mandat survives the round trip; the identity provider's
// request keeps only choosable usagers (positive unique id, known démarches, no duplicate).
#include "Demarches.h"
#include "FuzzCheck.h"
#include "Idp.h"
#include "Mandat.h"
#include "Sync.h"
#include "WireTypes.h"

#include <QJsonDocument>
#include <QSet>

namespace {

template<typename T> void checkRoundTrip(const QJsonObject &json)
{
    const QJsonObject once = T::fromJson(json).toJson();
    const QJsonObject twice = T::fromJson(once).toJson();
    FUZZ_CHECK(once == twice);

    QJsonParseError error {};
    const QJsonDocument wire
        = QJsonDocument::fromJson(QJsonDocument(once).toJson(QJsonDocument::Compact), &error);
    FUZZ_CHECK(error.error == QJsonParseError::NoError && wire.isObject());
    FUZZ_CHECK(T::fromJson(wire.object()).toJson() == once);
}

void checkIdpRequest(const QJsonObject &json)
{
    const IdpRequestInfo info = IdpRequestInfo::fromJson(json);
    FUZZ_CHECK(info.isValid() == !info.id.isEmpty());
    for (const QString &code : info.repScope)
        FUZZ_CHECK(!code.isEmpty());
    QSet<qint64> ids;
    for (const IdpUsagerChoice &u : info.usagers) {
        FUZZ_CHECK(u.id > 0);
        FUZZ_CHECK(!ids.contains(u.id));
        ids.insert(u.id);
        FUZZ_CHECK(info.findUsager(u.id) == &u);
        FUZZ_CHECK(!u.demarches.isEmpty());
        FUZZ_CHECK(QStringList(u.demarches).removeDuplicates() == 0);
        for (const QString &code : u.demarches)
            FUZZ_CHECK(Demarches::isKnown(code));
        (void)u.displayName();
    }
    const IdpRedirect redirect = IdpRedirect::fromJson(json);
    if (redirect.isValid())
        FUZZ_CHECK(redirect.redirect.startsWith(QLatin1String("http"), Qt::CaseInsensitive));
}

void checkMandat(const QJsonObject &json)
{
    const MandatInfo mandat = MandatInfo::fromJson(json);
    const MandatInfo again = MandatInfo::fromJson(mandat.toJson());
    FUZZ_CHECK(Attestation::canonicalContent(mandat) == Attestation::canonicalContent(again));
    FUZZ_CHECK(Attestation::hash(mandat).size() == 64);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QJsonParseError error {};
    const QJsonDocument document = QJsonDocument::fromJson(Fuzz::bytes(data, size), &error);
    // ApiClient::send and ApiRequest::json refuse anything but an object.
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return 0;
    const QJsonObject json = document.object();

    checkRoundTrip<SessionInfo>(json);
    checkRoundTrip<AidantInfo>(json);
    checkRoundTrip<OrganisationInfo>(json);
    checkRoundTrip<SyncPage>(json);
    checkRoundTrip<UsagerIdentity>(json);
    checkRoundTrip<MandatDraftInfo>(json);
    checkRoundTrip<MandatInfo>(json);
    checkRoundTrip<AutorisationInfo>(json);
    checkMandat(json);
    checkIdpRequest(json);
    (void)SessionInfo::fromJson(json).currentOrganisation();
    return 0;
}
