#include "DemarcheView.h"

#include "DemarcheLogging.h"
#include "DemarcheWebPage.h"
#include "PrivateWeb.h"

#include <QWebEngineLoadingInfo>
#include <QWebEngineProfile>

namespace {

// Chromium's net::ERR_ABORTED: a navigation replaced by another one (or refused), not a failure.
constexpr int kAbortedError = -3;

} // namespace

DemarcheView::DemarcheView(const QUrl &serverUrl, const QList<QSslCertificate> &extraCas, QWidget *parent)
    : QWebEngineView(parent)
    , m_profile(PrivateWeb::createProfile(this))
{
    setObjectName(QStringLiteral("demarcheWebView"));
    setAccessibleName(tr("Site de la démarche"));
    setAcceptDrops(false);
    setContextMenuPolicy(Qt::NoContextMenu);
    setFocusPolicy(Qt::StrongFocus);

    m_page = new DemarcheWebPage(m_profile, serverUrl, this);
    m_page->setExtraCaCertificates(extraCas);
    setPage(m_page);
    connect(m_page, &QWebEnginePage::loadingChanged, this, [this](const QWebEngineLoadingInfo &info) {
        if (info.status() == QWebEngineLoadingInfo::LoadFailedStatus && !info.isErrorPage()
            && info.errorCode() != kAbortedError) {
            qCInfo(lcUiDemarche) << "page load failed for" << info.url().host() << ":" << info.errorCode()
                                 << info.errorString();
            emit loadFailed(tr("La page n'a pas pu être chargée (%1). Vérifiez la connexion puis réessayez.")
                                .arg(info.errorString()));
        }
    });
}

DemarcheView::~DemarcheView()
{
    // The page must go before its profile, or Qt warns that the profile is released while a page
    // still uses it.
    setPage(nullptr);
    delete m_page;
    m_page = nullptr;
    delete m_profile;
    m_profile = nullptr;
}
